import { useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';

const ReleaseNoticeMutation = graphql(`
  mutation ReleaseNotice($title: String!, $content: String!) {
    releaseNotice(title: $title, content: $content) {
      id
    }
  }
`);

export function NoticeForm() {
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [state, release] = useMutation(ReleaseNoticeMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await release({ title, content }, { additionalTypenames: ['Notice'] })).error) return;
    setTitle('');
    setContent('');
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="stack panel" aria-labelledby="notice-form">
      <h2 id="notice-form">
        <FormattedMessage id="notices.publish" />
      </h2>
      <label>
        <FormattedMessage id="notices.noticeTitle" />
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
      </label>
      <label>
        <FormattedMessage id="notices.content" />
        <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={4} required />
      </label>
      <ErrorMessage error={state.error} />
      <button type="submit" className="primary" disabled={state.fetching}>
        <FormattedMessage id="notices.submit" />
      </button>
    </form>
  );
}
