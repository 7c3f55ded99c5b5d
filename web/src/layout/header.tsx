import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { LOCALES, useLocale, type Locale } from '../i18n/locale';
import { Link, navigate, usePath } from '../routing';
import { useSession } from '../session/session';
import { ThemeSwitch } from './theme';

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

function LanguageSwitch() {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  return (
    <label className="language">
      <span className="visually-hidden">
        <FormattedMessage id="nav.language" />
      </span>
      <select
        value={locale}
        aria-label={intl.formatMessage({ id: 'nav.language' })}
        onChange={(e) => setLocale(e.target.value as Locale)}
      >
        {LOCALES.map((option) => (
          <option key={option} value={option}>
            {intl.formatMessage({ id: `language.${option}` })}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Header() {
  const intl = useIntl();
  const session = useSession();
  const path = usePath();
  const [, logout] = useMutation(LogoutMutation);
  // On a phone the links fold into a menu; it is open on the page where it was opened, so going
  // to another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  const viewer = session.viewer;
  const signOut = async () => {
    await logout({});
    navigate('/');
    session.signedOut();
  };
  return (
    <header className={`top${open ? ' open' : ''}`}>
      <a className="skip" href="#content">
        <FormattedMessage id="nav.skip" />
      </a>
      <Link to="/" className="brand">
        <FormattedMessage id="app.name" />
      </Link>
      <button
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpenOn(open ? null : path)}
      >
        <FormattedMessage id="nav.menu" />
      </button>
      <div className="menu" id="site-menu">
        {viewer && (
          <nav aria-label={intl.formatMessage({ id: 'nav.main' })}>
            <Link to="/">
              <FormattedMessage id="nav.browse" />
            </Link>
            <Link to="/notices">
              <FormattedMessage id="nav.notices" />
            </Link>
            <Link to="/account">
              <FormattedMessage id="nav.account" />
            </Link>
            {viewer.role === 'ADMIN' && (
              <>
                <Link to="/admin/upload">
                  <FormattedMessage id="nav.upload" />
                </Link>
                <Link to="/admin/users">
                  <FormattedMessage id="nav.users" />
                </Link>
              </>
            )}
          </nav>
        )}
        <div className="settings">
          <LanguageSwitch />
          <ThemeSwitch />
          {viewer && (
            <button type="button" onClick={() => void signOut()}>
              <FormattedMessage id="nav.signOut" values={{ name: viewer.name }} />
            </button>
          )}
        </div>
      </div>
    </header>
  );
}
