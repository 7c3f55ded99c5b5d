import { FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import { MAX_DESCRIPTION_LENGTH } from '../../../domain/catalogue/descriptions.js';
import { ErrorMessage } from '../i18n/error-message';
import { formatBytes, formatDuration } from '../layout/format';
import { ProbeWarning } from './probe-warning';
import { pace, type QueuedUpload } from './upload-queue';

interface Props {
  item: QueuedUpload;
  now: number;
  onChange: (change: Partial<Pick<QueuedUpload, 'name' | 'description' | 'isFree'>>) => void;
  onSend: () => void;
  onResume: () => void;
  onStartOver: () => void;
  onCancel: () => void;
  onRemove: () => void;
}

export function UploadRow({ item, now, onChange, onSend, onResume, onStartOver, onCancel, onRemove }: Props) {
  const intl = useIntl();
  const editable = ['ready', 'resumable', 'failed', 'cancelled'].includes(item.status);
  // What was chosen when the upload began stays what the video becomes.
  const nameKept = item.resume?.name != null;
  const descriptionKept = item.resume?.description != null;
  const priceKept = item.resume?.isFree != null;
  const { speed, secondsLeft } = pace(item, now);
  const fraction = item.file.size > 0 ? item.sent / item.file.size : 0;
  return (
    <li className="panel upload" data-status={item.status}>
      <p className="meta">
        {item.file.name} · {formatBytes(intl, item.file.size)}
      </p>
      <div className="row">
        <label>
          <FormattedMessage id="upload.name" />
          <input
            value={item.name}
            onChange={(e) => onChange({ name: e.target.value })}
            disabled={!editable || nameKept}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={item.isFree}
            onChange={(e) => onChange({ isFree: e.target.checked })}
            disabled={!editable || priceKept}
          />
          <FormattedMessage id="upload.free" />
        </label>
      </div>
      <label className="stack">
        <FormattedMessage id="upload.description" />
        <textarea
          value={item.description}
          rows={2}
          maxLength={MAX_DESCRIPTION_LENGTH}
          onChange={(e) => onChange({ description: e.target.value })}
          disabled={!editable || descriptionKept}
        />
      </label>
      <p role="status" aria-live="polite">
        <FormattedMessage id={`upload.status.${item.status}`} values={{ name: item.duplicateOf ?? '' }} />
      </p>
      {item.status === 'sending' && (
        <div>
          <progress max={1} value={fraction} aria-label={intl.formatMessage({ id: 'upload.progress' })} />
          <p className="meta" data-testid="upload-progress">
            <FormattedNumber value={fraction} style="percent" maximumFractionDigits={0} /> ·{' '}
            <FormattedMessage id="upload.speed" values={{ speed: formatBytes(intl, speed) }} /> ·{' '}
            {secondsLeft === null ? (
              <FormattedMessage id="upload.estimating" />
            ) : (
              <FormattedMessage id="upload.left" values={{ time: formatDuration(secondsLeft) }} />
            )}
          </p>
        </div>
      )}
      <ErrorMessage error={item.error} />
      {item.movieId && <ProbeWarning movieId={item.movieId} />}
      <div className="actions">
        {item.status === 'resumable' ? (
          <>
            <button type="button" className="primary" onClick={onResume}>
              <FormattedMessage id="upload.resume" />
            </button>
            <button type="button" onClick={onStartOver}>
              <FormattedMessage id="upload.startOver" />
            </button>
          </>
        ) : (
          editable && (
            <button type="button" className="primary" onClick={onSend}>
              <FormattedMessage id="upload.send" />
            </button>
          )
        )}
        {item.status === 'sending' ? (
          <button type="button" onClick={onCancel}>
            <FormattedMessage id="upload.cancel" />
          </button>
        ) : (
          item.status !== 'fingerprinting' && (
            <button type="button" onClick={onRemove}>
              <FormattedMessage id="upload.remove" />
            </button>
          )
        )}
      </div>
    </li>
  );
}
