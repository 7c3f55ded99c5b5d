import { FormattedMessage } from 'react-intl';
import type { CombinedError } from 'urql';
import { errorMessageId, errorValues } from '../graphql/errors';

/** A failed operation in words: the sentence for what the server named, never the raw answer. */
export function ErrorMessage({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      <FormattedMessage id={errorMessageId(error)} values={errorValues(error)} />
    </p>
  );
}
