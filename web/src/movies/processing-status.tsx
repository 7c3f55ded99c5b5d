import { useEffect } from 'react';
import { FormattedMessage } from 'react-intl';
import { useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../gql';
import type { ProcessingState } from '../gql/graphql';

/** How often a page asks again while a video it shows is being made playable. */
const POLL_MS = 3000;

export const MovieProcessingFields = graphql(`
  fragment MovieProcessingFields on Movie {
    id
    processing {
      state
      progress
    }
  }
`);

const MovieProcessingQuery = graphql(`
  query MovieProcessing($id: ID!) {
    movie(id: $id) {
      id
      ...MovieProcessingFields
    }
  }
`);

/** The states in which the server is still at work: anything else stays as it is. */
function isUnderWay(state: ProcessingState): boolean {
  return state === 'QUEUED' || state === 'RUNNING';
}

/**
 * The video's processing as the server last told it: the one its page or list gave, then, while the
 * server is still at work, asked again every few seconds until it is over.
 */
function useCurrentProcessing(props: { movie: FragmentType<typeof MovieProcessingFields> }) {
  const given = useFragment(MovieProcessingFields, props.movie);
  const underWay = isUnderWay(given.processing.state);
  // Asked by the timer below only: the page or list has just told the state.
  const [{ data }, ask] = useQuery({
    query: MovieProcessingQuery,
    variables: { id: given.id },
    pause: true,
    requestPolicy: 'network-only',
  });
  const polled = useFragment(MovieProcessingFields, data?.movie ?? null);
  const current = underWay && polled ? polled.processing : given.processing;
  const stillUnderWay = isUnderWay(current.state);
  useEffect(() => {
    if (!stillUnderWay) return;
    const timer = setInterval(() => ask({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [stillUnderWay, ask]);
  return current;
}

/**
 * While the server makes the video's stream: waiting or how far it is, kept current. After a failure,
 * that the original file is what plays. Nothing once the stream is ready, or for a file with no
 * picture (its own notice says so).
 */
export function ProcessingStatus(props: { movie: FragmentType<typeof MovieProcessingFields> }) {
  const { state, progress } = useCurrentProcessing(props);
  if (state === 'QUEUED' || state === 'RUNNING')
    return (
      <p className="notice processing" role="status" data-state={state}>
        {state === 'QUEUED' ? (
          <FormattedMessage id="movie.processing.queued" />
        ) : (
          <FormattedMessage id="movie.processing.running" values={{ progress: progress ?? 0 }} />
        )}
        <progress aria-hidden="true" max={1} value={state === 'QUEUED' ? 0 : (progress ?? 0)} />
      </p>
    );
  if (state === 'FAILED')
    return (
      <p className="notice processing" data-state={state}>
        <FormattedMessage id="movie.processing.failed" />
      </p>
    );
  return null;
}
