import { FormattedMessage, useIntl } from 'react-intl';
import { graphql, useFragment, type FragmentType } from '../gql';
import { formatDuration } from '../layout/format';

// The picture and running time of a card: both come once the server has probed the file, so
// either may still be null (or stay null for a file without a picture).
export const MoviePosterFields = graphql(`
  fragment MoviePosterFields on Movie {
    id
    name
    posterUrl
    isPlayable
    mediaInfo {
      durationSeconds
      width
      height
    }
  }
`);

export function MoviePoster(props: { movie: FragmentType<typeof MoviePosterFields> }) {
  const intl = useIntl();
  const movie = useFragment(MoviePosterFields, props.movie);
  const time = movie.mediaInfo ? formatDuration(movie.mediaInfo.durationSeconds) : null;
  return (
    <div className="poster">
      {movie.posterUrl ? (
        <img
          src={movie.posterUrl}
          alt={intl.formatMessage({ id: 'movie.posterAlt' }, { name: movie.name })}
          loading="lazy"
          width={movie.mediaInfo?.width ?? undefined}
          height={movie.mediaInfo?.height ?? undefined}
        />
      ) : (
        // A play sign, or a download arrow for a file found to hold no picture.
        <span aria-hidden="true">{movie.isPlayable === false ? '↓' : '▶'}</span>
      )}
      {time && (
        <span className="duration" data-testid="duration">
          <span className="visually-hidden">
            <FormattedMessage id="movie.duration" />{' '}
          </span>
          {time}
        </span>
      )}
    </div>
  );
}
