import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { ConfirmDialog } from '../layout/confirm-dialog';
import { navigate } from '../routing';

const DeleteMovieMutation = graphql(`
  mutation DeleteMovie($id: ID!) {
    deleteMovie(id: $id) {
      id
      isDeleted
    }
  }
`);

export function DeleteMovieButton({ id, name }: { id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, remove] = useMutation(DeleteMovieMutation);
  const confirm = async () => {
    setConfirming(false);
    if (!(await remove({ id })).error) navigate('/');
  };
  return (
    <section className="danger">
      <button type="button" onClick={() => setConfirming(true)} disabled={state.fetching}>
        <FormattedMessage id="admin.delete" />
      </button>
      <ErrorMessage error={state.error} />
      <ConfirmDialog
        open={confirming}
        title={<FormattedMessage id="admin.deleteTitle" />}
        confirmLabel={<FormattedMessage id="admin.delete" />}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <FormattedMessage id="admin.deleteText" values={{ name }} />
        </p>
      </ConfirmDialog>
    </section>
  );
}
