import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { LocaleProvider } from './i18n/locale';
import { ErrorBoundary } from './layout/error-boundary';
import { SessionProvider } from './session/session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      {/* Inside the catalogues, for its sentence; around the rest, so that no failure leaves the page empty. */}
      <ErrorBoundary>
        <SessionProvider>
          <App />
        </SessionProvider>
      </ErrorBoundary>
    </LocaleProvider>
  </StrictMode>,
);
