import { useEffect } from 'react';
import { FormattedMessage } from 'react-intl';
import { AccountPage } from './account/account-page';
import { StartPage } from './admin/start-page';
import { UsersPage } from './admin/users-page';
import { ErrorBoundary } from './layout/error-boundary';
import { Header } from './layout/header';
import { BrowsePage } from './movies/browse-page';
import { MoviePage } from './movies/movie-page';
import { NoticesPage } from './notices/notices-page';
import { usePath } from './routing';
import { useSession } from './session/session';
import { ResetPasswordPage, RESET_PASSWORD_PATH } from './session/reset-password-page';
import { SignInPage, START_PATH } from './session/sign-in-page';
import { UploadPage } from './upload/upload-page';

const MOVIE_PATH = /^\/movies\/([^/]+)$/;

function Page({ path, admin }: { path: string; admin: boolean }) {
  const movie = MOVIE_PATH.exec(path);
  if (movie?.[1]) return <MoviePage id={decodeURIComponent(movie[1])} />;
  if (path === '/') return <BrowsePage />;
  if (path === '/account') return <AccountPage />;
  if (path === '/notices') return <NoticesPage />;
  if (admin && path === '/admin/upload') return <UploadPage />;
  if (admin && path === '/admin/users') return <UsersPage />;
  if (admin && path === START_PATH) return <StartPage />;
  return (
    <main>
      <p role="alert">
        <FormattedMessage id="error.NOT_FOUND" />
      </p>
    </main>
  );
}

export function App() {
  const path = usePath();
  const { viewer, refresh } = useSession();
  const signedIn = viewer !== null;
  // The balance and VIP status change elsewhere too (an admin's credit): read them again on each page.
  useEffect(() => {
    if (signedIn) refresh();
  }, [path, signedIn, refresh]);
  return (
    <>
      <Header />
      <div id="content">
        {/* A page that fails to show keeps the header: the other pages and the language stay in reach. */}
        <ErrorBoundary>
          {viewer ? (
            <Page path={path} admin={viewer.role === 'ADMIN'} />
          ) : path === RESET_PASSWORD_PATH ? (
            <ResetPasswordPage />
          ) : (
            <SignInPage />
          )}
        </ErrorBoundary>
      </div>
    </>
  );
}
