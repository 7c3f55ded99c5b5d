import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { CombinedError } from 'urql';
import { ErrorMessage } from '../i18n/error-message';
import { DateTimeText } from '../layout/date-text';
import { formatBytes } from '../layout/format';
import { fingerprintOfBlob } from './blob-fingerprint';
import { isFileOf, type UnfinishedUpload } from './unfinished-uploads';

interface Props {
  upload: UnfinishedUpload;
  /** The same file was picked: send the rest of it, as the video chosen at creation. */
  onResume: (file: File, fingerprint: string, isFree: boolean) => void;
  /** Deletes the upload on the server; the refusal, if it was refused. */
  onDiscard: () => Promise<CombinedError | null>;
}

/** An unfinished upload as the server keeps it: its name and price type as chosen, to resume or discard. */
export function UnfinishedCard({ upload, onResume, onDiscard }: Props) {
  const intl = useIntl();
  // An upload made before its price type was kept lets the admin choose it; paid unless told otherwise.
  const [isFree, setIsFree] = useState(upload.isFree ?? false);
  const [problem, setProblem] = useState<'upload.unfinished.otherFile' | 'upload.status.unreadable' | null>(null);
  const [error, setError] = useState<CombinedError>();
  const [busy, setBusy] = useState(false);
  const title = upload.name ?? upload.filename ?? intl.formatMessage({ id: 'upload.unfinished.untitled' });

  const picked = async (file: File) => {
    setBusy(true);
    const fingerprint = await fingerprintOfBlob(file).catch(() => null);
    setBusy(false);
    if (!fingerprint) return setProblem('upload.status.unreadable');
    if (!isFileOf(upload, file, fingerprint)) return setProblem('upload.unfinished.otherFile');
    setProblem(null);
    onResume(file, fingerprint, isFree);
  };

  const discard = async () => {
    setBusy(true);
    const refused = await onDiscard();
    setBusy(false);
    setError(refused ?? undefined);
  };

  return (
    <li className="panel upload" data-testid="unfinished-upload">
      <h3>{title}</h3>
      <p className="meta">
        {upload.filename ?? ''} · {formatBytes(intl, upload.size)}
      </p>
      {upload.isFree === null ? (
        <label className="inline">
          <input type="checkbox" checked={isFree} onChange={(e) => setIsFree(e.target.checked)} />
          <FormattedMessage id="upload.free" />
        </label>
      ) : (
        <span className={`badge ${upload.isFree ? 'free' : 'paid'}`} data-testid="price-type">
          <FormattedMessage id={upload.isFree ? 'upload.priceType.free' : 'upload.priceType.paid'} />
        </span>
      )}
      <progress max={upload.size} value={upload.offset} aria-label={intl.formatMessage({ id: 'upload.progress' })} />
      <p className="meta">
        <FormattedMessage
          id="upload.unfinished.progress"
          values={{ received: formatBytes(intl, upload.offset), size: formatBytes(intl, upload.size) }}
        />{' '}
        ·{' '}
        <FormattedMessage id="upload.unfinished.expires" values={{ time: <DateTimeText value={upload.expiresAt} /> }} />
      </p>
      {problem && (
        <p role="alert" className="error">
          <FormattedMessage id={problem} values={{ filename: upload.filename ?? '' }} />
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <label className="button primary">
          <FormattedMessage id="upload.unfinished.resume" />
          <input
            type="file"
            className="visually-hidden"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void picked(file);
            }}
          />
        </label>
        <button type="button" onClick={() => void discard()} disabled={busy}>
          <FormattedMessage id="upload.unfinished.discard" />
        </button>
      </div>
    </li>
  );
}
