import { FormattedMessage } from 'react-intl';
import { Link } from '../routing';

const STEPS = [
  { to: '/admin/upload', link: 'start.upload', text: 'start.uploadText' },
  { to: '/admin/users', link: 'start.coins', text: 'start.coinsText' },
  { to: '/notices', link: 'start.notice', text: 'start.noticeText' },
] as const;

/** The first administrator's welcome: what makes the new site usable, each a link to where it is done. */
export function StartPage() {
  return (
    <main>
      <h1>
        <FormattedMessage id="start.title" />
      </h1>
      <p>
        <FormattedMessage id="start.intro" />
      </p>
      <ol className="checklist">
        {STEPS.map((step) => (
          <li key={step.to}>
            <Link to={step.to}>
              <FormattedMessage id={step.link} />
            </Link>
            <p className="meta">
              <FormattedMessage id={step.text} />
            </p>
          </li>
        ))}
      </ol>
    </main>
  );
}
