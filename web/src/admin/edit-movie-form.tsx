import { useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { MAX_DESCRIPTION_LENGTH } from '../../../domain/catalogue/descriptions.js';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { TextField } from '../layout/text-field';

const UpdateMovieMutation = graphql(`
  mutation UpdateMovie($id: ID!, $name: String, $description: String, $isFree: Boolean) {
    updateMovie(id: $id, name: $name, description: $description, isFree: $isFree) {
      id
      name
      description
      isFree
      price
      waitSeconds
    }
  }
`);

interface Props {
  movie: { id: string; name: string; description: string; isFree: boolean };
  onDone: () => void;
}

/** An admin's corrections to a video: its name, description and price type; only what changed is sent. */
export function EditMovieForm({ movie, onDone }: Props) {
  const [name, setName] = useState(movie.name);
  const [description, setDescription] = useState(movie.description);
  const [isFree, setIsFree] = useState(movie.isFree);
  const [state, update] = useMutation(UpdateMovieMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed = {
      name: name !== movie.name ? name : null,
      description: description !== movie.description ? description : null,
      isFree: isFree !== movie.isFree ? isFree : null,
    };
    if (!(await update({ id: movie.id, ...changed }, { additionalTypenames: ['Movie'] })).error) onDone();
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="stack panel" aria-labelledby="edit-movie">
      <h2 id="edit-movie">
        <FormattedMessage id="edit.title" />
      </h2>
      <TextField label={<FormattedMessage id="upload.name" />} value={name} onChange={setName} required />
      <label>
        <FormattedMessage id="upload.description" />
        <textarea
          value={description}
          rows={4}
          maxLength={MAX_DESCRIPTION_LENGTH}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>
          <FormattedMessage id="edit.priceType" />
        </legend>
        {[true, false].map((free) => (
          <label key={String(free)} className="inline">
            <input type="radio" name="price-type" checked={isFree === free} onChange={() => setIsFree(free)} />
            <FormattedMessage id={free ? 'upload.priceType.free' : 'upload.priceType.paid'} />
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={state.error} />
      <div className="actions">
        <button type="button" onClick={onDone}>
          <FormattedMessage id="common.cancel" />
        </button>
        <button type="submit" className="primary" disabled={state.fetching}>
          <FormattedMessage id="edit.save" />
        </button>
      </div>
    </form>
  );
}
