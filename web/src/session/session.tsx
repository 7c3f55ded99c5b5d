import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Provider, useQuery } from 'urql';
import { graphql, useFragment } from '../gql';
import type { ViewerFieldsFragment } from '../gql/graphql';
import { createGraphQLClient } from '../graphql/client';
import { ErrorMessage } from '../i18n/error-message';

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    name
    role
    isVip
    balance
  }
`);

const MeQuery = graphql(`
  query Me {
    me {
      ...ViewerFields
    }
  }
`);

export type Viewer = ViewerFieldsFragment;

interface Session {
  viewer: Viewer | null;
  /** True when the last session ended without the viewer signing out. */
  expired: boolean;
  signedIn: () => void;
  signedOut: () => void;
  refresh: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in viewer, who must exist on the pages that only signed-in viewers reach. */
export function useViewer(): Viewer {
  const { viewer } = useSession();
  if (!viewer) throw new Error('useViewer without a viewer');
  return viewer;
}

// The cookie that holds the session is HttpOnly: this flag only remembers that there was one,
// so that a session that ends by itself can be told from never having signed in.
const SIGNED_IN_KEY = 'youku.signedIn';

function SessionState({ children, expired, setExpired, reset }: SessionStateProps) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  const viewer = useFragment(ViewerFields, data?.me) ?? null;
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useEffect(() => {
    if (fetching || !data) return;
    if (!data.me && localStorage.getItem(SIGNED_IN_KEY)) {
      localStorage.removeItem(SIGNED_IN_KEY);
      setExpired(true);
    }
  }, [data, fetching, setExpired]);
  const session = useMemo<Session>(
    () => ({
      viewer,
      expired,
      signedIn: () => {
        localStorage.setItem(SIGNED_IN_KEY, '1');
        setExpired(false);
        reset();
      },
      signedOut: () => {
        localStorage.removeItem(SIGNED_IN_KEY);
        reset();
      },
      refresh,
    }),
    [viewer, expired, setExpired, reset, refresh],
  );
  if (!data && error)
    return (
      <main className="narrow">
        <ErrorMessage error={error} />
        <button type="button" onClick={refresh} disabled={fetching}>
          <FormattedMessage id="common.retry" />
        </button>
      </main>
    );
  if (!data) return null;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

interface SessionStateProps {
  children: ReactNode;
  expired: boolean;
  setExpired: (expired: boolean) => void;
  reset: () => void;
}

/**
 * The urql client and the viewer. Signing in or out starts a fresh client, so nothing cached for
 * one viewer is shown to the next.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [expired, setExpired] = useState(false);
  const [generation, setGeneration] = useState(0);
  const reset = useCallback(() => setGeneration((n) => n + 1), []);
  // Each generation mounts its own client: one per session.
  return (
    <SessionClient key={generation} expired={expired} setExpired={setExpired} reset={reset}>
      {children}
    </SessionClient>
  );
}

/** One session's client, made when the generation mounts and kept until the next. */
function SessionClient({ children, ...state }: SessionStateProps) {
  const { setExpired, reset } = state;
  const [client] = useState(() =>
    createGraphQLClient(() => {
      if (!localStorage.getItem(SIGNED_IN_KEY)) return;
      localStorage.removeItem(SIGNED_IN_KEY);
      setExpired(true);
      reset();
    }),
  );
  return (
    <Provider value={client}>
      <SessionState {...state}>{children}</SessionState>
    </Provider>
  );
}
