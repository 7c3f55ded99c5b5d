import { useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { TextField } from '../layout/text-field';

const CreateAdminMutation = graphql(`
  mutation CreateAdmin($name: String!, $password: String!) {
    createAdmin(name: $name, password: $password) {
      id
      name
    }
  }
`);

export function CreateAdminForm() {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [state, create] = useMutation(CreateAdminMutation);
  const [created, setCreated] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ name, password });
    if (!result.data) return;
    setCreated(result.data.createAdmin.name);
    setName('');
    setPassword('');
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="stack panel" aria-labelledby="create-admin">
      <h2 id="create-admin">
        <FormattedMessage id="admin.createAdmin" />
      </h2>
      <TextField
        label={<FormattedMessage id="signIn.name" />}
        value={name}
        onChange={setName}
        autoComplete="off"
        required
      />
      <TextField
        label={<FormattedMessage id="signIn.password" />}
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        required
      />
      <ErrorMessage error={state.error} />
      {created && (
        <p role="status">
          <FormattedMessage id="admin.adminCreated" values={{ name: created }} />
        </p>
      )}
      <button type="submit" disabled={state.fetching}>
        <FormattedMessage id="admin.create" />
      </button>
    </form>
  );
}
