import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

// Light or dark follows the system (prefers-color-scheme, in styles.css) unless a person chose one
// here: the choice is kept in this browser and set on <html data-theme>, which the styles read.
const THEMES = ['system', 'light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const STORAGE_KEY = 'youku.theme';

function savedTheme(): Theme {
  const saved = localStorage.getItem(STORAGE_KEY);
  return THEMES.find((theme) => theme === saved) ?? 'system';
}

export function ThemeSwitch() {
  const intl = useIntl();
  const [theme, setTheme] = useState(savedTheme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  const choose = (next: Theme) => {
    if (next === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
    setTheme(next);
  };
  return (
    <label className="theme">
      <span className="visually-hidden">
        <FormattedMessage id="nav.theme" />
      </span>
      <select
        value={theme}
        aria-label={intl.formatMessage({ id: 'nav.theme' })}
        onChange={(e) => choose(e.target.value as Theme)}
      >
        {THEMES.map((option) => (
          <option key={option} value={option}>
            {intl.formatMessage({ id: `theme.${option}` })}
          </option>
        ))}
      </select>
    </label>
  );
}
