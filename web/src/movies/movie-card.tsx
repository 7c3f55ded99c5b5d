import { FormattedMessage, useIntl } from 'react-intl';
import { graphql, useFragment, type FragmentType } from '../gql';
import { DateText } from '../layout/date-text';
import { formatBytes } from '../layout/format';
import { Link } from '../routing';
import { MoviePoster } from './movie-poster';
import { PriceBadge } from './price-badge';
import { ProcessingStatus } from './processing-status';

export const MovieCardFields = graphql(`
  fragment MovieCardFields on Movie {
    id
    name
    size
    uploadedAt
    price
    isFree
    isPlayable
    ...MoviePosterFields
    ...MovieProcessingFields
  }
`);

export function MovieCard(props: { movie: FragmentType<typeof MovieCardFields> }) {
  const intl = useIntl();
  const movie = useFragment(MovieCardFields, props.movie);
  const to = `/movies/${encodeURIComponent(movie.id)}`;
  return (
    <li className="card">
      <MoviePoster movie={movie} />
      <h3>
        {/* Stretched over the card (styles.css): the poster opens the video too, through this one link. */}
        <Link to={to} className="card-link">
          {movie.name}
        </Link>
      </h3>
      <p className="meta">
        <span>{formatBytes(intl, movie.size)}</span> · <DateText value={movie.uploadedAt} />
      </p>
      <PriceBadge isFree={movie.isFree} price={movie.price} />
      <ProcessingStatus movie={movie} />
      {movie.isPlayable === false && (
        <p className="notice">
          <FormattedMessage id="movie.unplayable" />
        </p>
      )}
    </li>
  );
}
