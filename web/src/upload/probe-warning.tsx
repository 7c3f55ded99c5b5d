import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';

const MovieProbeQuery = graphql(`
  query MovieProbe($id: ID!) {
    movie(id: $id) {
      id
      isPlayable
    }
  }
`);

/** How often to ask whether the server has probed the file, and for how long at most. */
const POLL_MS = 1000;
const GIVE_UP_MS = 5 * 60 * 1000;

/**
 * Once the server has probed an uploaded file (in the background, soon after the upload), warns
 * the admin when it found no video to play in it.
 */
export function ProbeWarning({ movieId }: { movieId: string }) {
  const [since] = useState(Date.now);
  const [{ data, fetching }, ask] = useQuery({
    query: MovieProbeQuery,
    variables: { id: movieId },
    requestPolicy: 'network-only',
  });
  const playable = data?.movie?.isPlayable;
  const waiting = data !== undefined && data.movie !== null && playable === null;
  useEffect(() => {
    if (!waiting || fetching || Date.now() - since > GIVE_UP_MS) return;
    const timer = setTimeout(() => ask({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, fetching, data, ask, since]);
  if (playable !== false) return null;
  return (
    <p role="alert" className="notice">
      <FormattedMessage id="upload.unplayable" />
    </p>
  );
}
