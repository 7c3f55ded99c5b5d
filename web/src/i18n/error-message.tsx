import { FormattedMessage, useIntl } from 'react-intl';
import type { CombinedError } from 'urql';
import { errorMessageId } from '../graphql/errors';

/** A failed operation in words: the sentence for its code, never the raw answer. */
export function ErrorMessage({ error }: { error: CombinedError | undefined }) {
  const intl = useIntl();
  if (!error) return null;
  return (
    <p role="alert" className="error">
      <FormattedMessage id={errorMessageId(error, (id) => id in intl.messages)} />
    </p>
  );
}
