import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { errorCode, failureOf } from '../graphql/errors';
import { ErrorMessage } from '../i18n/error-message';
import { ConfirmDialog } from '../layout/confirm-dialog';
import { DateText } from '../layout/date-text';
import { formatBytes, formatDuration } from '../layout/format';
import { useSession, useViewer } from '../session/session';
import { DeleteMovieButton } from '../admin/delete-movie-button';
import { EditMovieForm } from '../admin/edit-movie-form';
import { MoreVideos } from './more-videos';
import { MoviePoster } from './movie-poster';
import { Player } from './player';
import { PriceBadge } from './price-badge';
import { ProcessingStatus } from './processing-status';

const MovieQuery = graphql(`
  query Movie($id: ID!) {
    movie(id: $id) {
      id
      name
      description
      size
      uploadedAt
      isFree
      isDeleted
      price
      waitSeconds
      isPlayable
      mediaInfo {
        durationSeconds
        width
        height
      }
      ...MoviePosterFields
      ...MovieProcessingFields
    }
  }
`);

const DownloadMutation = graphql(`
  mutation DownloadMovie($id: ID!) {
    downloadMovie(id: $id) {
      ...TicketFields
    }
  }
`);

export function MoviePage({ id }: { id: string }) {
  const intl = useIntl();
  const viewer = useViewer();
  const session = useSession();
  const [{ data, error }] = useQuery({ query: MovieQuery, variables: { id } });
  const [downloadState, download] = useMutation(DownloadMutation);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const movie = data?.movie;
  // An id that is no video's id (a link typed or cut short) is a video that does not exist.
  const badId = error && failureOf(error) === 'BAD_USER_INPUT.id';
  if (error && !badId)
    return (
      <main>
        <ErrorMessage error={error} />
      </main>
    );
  if (!data && !badId) return null;
  if (!movie)
    return (
      <main>
        <p role="alert">
          <FormattedMessage id="movie.notFound" />
        </p>
      </main>
    );

  const start = async () => {
    setConfirming(false);
    const result = await download({ id: movie.id });
    if (!result.error && movie.price > 0) session.refresh();
  };
  // Probed, and no picture in it: offered as a file to download, never as a player that stays dead.
  const unplayable = movie.isPlayable === false;
  const missing = movie.price - viewer.balance;
  const failed = downloadState.error;
  const media = movie.mediaInfo;
  return (
    <main className="watch">
      {/* The poster until the video plays; the player takes its place. */}
      {!downloadState.data && <MoviePoster movie={movie} />}
      {downloadState.data && <Player ticket={downloadState.data.downloadMovie} />}
      <h1>{movie.name}</h1>
      <dl className="facts">
        {media && (
          <div>
            <dt>
              <FormattedMessage id="movie.duration" />
            </dt>
            <dd>{formatDuration(media.durationSeconds)}</dd>
          </div>
        )}
        {media?.width && media.height && (
          <div>
            <dt>
              <FormattedMessage id="movie.resolution" />
            </dt>
            <dd>
              <FormattedMessage id="movie.resolutionValue" values={{ width: media.width, height: media.height }} />
            </dd>
          </div>
        )}
        <div>
          <dt>
            <FormattedMessage id="movie.uploaded" />
          </dt>
          <dd>
            <DateText value={movie.uploadedAt} />
          </dd>
        </div>
        <div>
          <dt>
            <FormattedMessage id="movie.size" />
          </dt>
          <dd>{formatBytes(intl, movie.size)}</dd>
        </div>
      </dl>
      <PriceBadge isFree={movie.isFree} price={movie.price} />
      <ProcessingStatus movie={movie} />
      {unplayable && (
        <p className="notice">
          <FormattedMessage id="movie.unplayable" />
        </p>
      )}
      <p>
        <FormattedMessage id="movie.wait" values={{ seconds: movie.waitSeconds }} />
      </p>
      {!downloadState.data && (
        <button
          type="button"
          className="primary"
          disabled={downloadState.fetching}
          onClick={() => (movie.price > 0 ? setConfirming(true) : void start())}
        >
          <FormattedMessage
            id={movie.price > 0 ? 'movie.buy' : unplayable ? 'movie.downloadFile' : 'movie.download'}
            values={{ price: movie.price }}
          />
        </button>
      )}
      {failed && errorCode(failed) === 'INSUFFICIENT_FUNDS' ? (
        <p role="alert" className="error">
          <FormattedMessage id="movie.missingCoins" values={{ missing: Math.max(1, missing) }} />
        </p>
      ) : (
        <ErrorMessage error={failed} />
      )}
      {movie.description && <p className="description">{movie.description}</p>}
      <ConfirmDialog
        open={confirming}
        title={<FormattedMessage id="movie.confirmTitle" />}
        confirmLabel={<FormattedMessage id="movie.confirmBuy" values={{ price: movie.price }} />}
        onConfirm={() => void start()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <FormattedMessage
            id="movie.confirmText"
            values={{
              name: movie.name,
              price: movie.price,
              balance: viewer.balance,
              after: viewer.balance - movie.price,
            }}
          />
        </p>
        {missing > 0 && (
          <p className="error">
            <FormattedMessage id="movie.missingCoins" values={{ missing }} />
          </p>
        )}
      </ConfirmDialog>
      {viewer.role === 'ADMIN' && !movie.isDeleted && (
        <div className="actions admin-actions">
          {editing ? (
            <EditMovieForm movie={movie} onDone={() => setEditing(false)} />
          ) : (
            <button type="button" onClick={() => setEditing(true)}>
              <FormattedMessage id="edit.open" />
            </button>
          )}
          <DeleteMovieButton id={movie.id} name={movie.name} />
        </div>
      )}
      <MoreVideos except={movie.id} />
    </main>
  );
}
