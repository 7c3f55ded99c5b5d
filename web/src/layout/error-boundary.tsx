import { Component, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, usePath } from '../routing';

interface BoundaryProps {
  children: ReactNode;
  /** The page's path: going to another page tries again to show what failed. */
  path: string;
}

/** React catches a render error only in a class component with getDerivedStateFromError. */
class Boundary extends Component<BoundaryProps, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidUpdate(previous: BoundaryProps): void {
    if (this.state.failed && previous.path !== this.props.path) this.setState({ failed: false });
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main>
        <p role="alert" className="error">
          <FormattedMessage id="error.render" />
        </p>
        <p className="actions">
          <button type="button" className="primary" onClick={() => location.reload()}>
            <FormattedMessage id="error.reload" />
          </button>
          <Link to="/" className="button">
            <FormattedMessage id="error.home" />
          </Link>
        </p>
      </main>
    );
  }
}

/**
 * What a reader sees when a part of the page fails to show (an answer it did not expect, a bug):
 * a sentence and a way on (reload, or the list of videos), rather than an empty page. Going to
 * another page tries again.
 */
export function ErrorBoundary({ children }: { children: ReactNode }) {
  return <Boundary path={usePath()}>{children}</Boundary>;
}
