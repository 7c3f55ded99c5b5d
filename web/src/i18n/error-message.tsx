import { FormattedMessage } from 'react-intl';
import type { CombinedError } from 'urql';
import { errorCode } from '../graphql/errors';

/** A failed operation in words: the sentence for its code, never the raw answer. */
export function ErrorMessage({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      <FormattedMessage id={`error.${errorCode(error)}`} />
    </p>
  );
}
