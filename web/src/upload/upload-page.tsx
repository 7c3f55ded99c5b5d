import { useEffect, useRef, useState, type DragEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useClient } from 'urql';
import { defaultMovieName } from '../../../domain/movie-names.js';
import { graphql } from '../gql';
import { fingerprintOfBlob } from './blob-fingerprint';
import { discardUnfinished, findUnfinished, sendMovie } from './movie-transport';
import type { QueuedUpload } from './upload-queue';
import { UploadRow } from './upload-row';

const CheckMovieQuery = graphql(`
  query CheckMovie($fingerprint: String!) {
    checkMovie(fingerprint: $fingerprint) {
      exists
      movie {
        id
        name
      }
    }
  }
`);

let nextKey = 1;

export function UploadPage() {
  const client = useClient();
  const [items, setItems] = useState<QueuedUpload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [now, setNow] = useState(Date.now());
  const cancels = useRef(new Map<number, AbortController>());
  const sending = items.some((item) => item.status === 'sending');

  useEffect(() => {
    if (!sending) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [sending]);

  const update = (key: number, change: Partial<QueuedUpload>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  /** Fingerprints the file here and asks the server whether it already has it, before any byte goes. */
  const check = async (item: QueuedUpload) => {
    const fingerprint = await fingerprintOfBlob(item.file).catch(() => null);
    if (!fingerprint) return update(item.key, { status: 'unreadable' });
    const result = await client.query(CheckMovieQuery, { fingerprint }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) return update(item.key, { fingerprint, status: 'failed', error: result.error });
    const existing = result.data?.checkMovie.movie;
    if (existing) return update(item.key, { fingerprint, status: 'duplicate', duplicateOf: existing.name });
    const unfinished = await findUnfinished({ file: item.file, fingerprint });
    update(item.key, unfinished ? { fingerprint, status: 'resumable', unfinished } : { fingerprint, status: 'ready' });
  };

  const add = (files: FileList | null) => {
    const added = Array.from(files ?? []).map<QueuedUpload>((file) => ({
      key: nextKey++,
      file,
      name: defaultMovieName(file.name),
      isFree: true,
      status: 'fingerprinting',
      sent: 0,
      resumedFrom: 0,
    }));
    setItems((all) => [...all, ...added]);
    added.forEach((item) => void check(item));
  };

  /** Sends the file, from where an earlier page stopped when `resume` is set. */
  const send = async (item: QueuedUpload, resume = false) => {
    if (!item.fingerprint) return;
    const cancel = new AbortController();
    cancels.current.set(item.key, cancel);
    const unfinished = resume ? item.unfinished : undefined;
    update(item.key, { status: 'sending', sent: 0, resumedFrom: 0, startedAt: Date.now(), error: undefined });
    const result = await sendMovie(
      client,
      { file: item.file, name: item.name, isFree: item.isFree, fingerprint: item.fingerprint },
      (progress) => update(item.key, { sent: progress.loaded, resumedFrom: progress.resumedFrom }),
      cancel.signal,
      unfinished,
    );
    cancels.current.delete(item.key);
    if ('cancelled' in result) update(item.key, { status: 'cancelled' });
    else if ('error' in result) update(item.key, { status: 'failed', error: result.error });
    else update(item.key, { status: 'done', sent: item.file.size, movieId: result.movie.id });
  };

  /** Throws the earlier page's upload away and sends the file from its start. */
  const startOver = async (item: QueuedUpload) => {
    if (item.unfinished && item.fingerprint)
      await discardUnfinished({ file: item.file, fingerprint: item.fingerprint }, item.unfinished);
    await send({ ...item, unfinished: undefined });
  };

  /** Sends the files that are ready, one after another. */
  const sendAll = async () => {
    for (const item of items.filter((queued) => queued.status === 'ready')) await send(item);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  return (
    <main>
      <h1>
        <FormattedMessage id="upload.title" />
      </h1>
      <div
        className={`dropzone${dragging ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          <FormattedMessage id="upload.drop" />
        </p>
        <label className="button">
          <FormattedMessage id="upload.pick" />
          <input
            type="file"
            accept="video/*"
            multiple
            className="visually-hidden"
            onChange={(e) => {
              add(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {items.filter((item) => item.status === 'ready').length > 1 && (
        <button type="button" className="primary" onClick={() => void sendAll()} disabled={sending}>
          <FormattedMessage id="upload.sendAll" />
        </button>
      )}
      <ul className="plain">
        {items.map((item) => (
          <UploadRow
            key={item.key}
            item={item}
            now={now}
            onChange={(change) => update(item.key, change)}
            onSend={() => void send(item)}
            onResume={() => void send(item, true)}
            onStartOver={() => void startOver(item)}
            onCancel={() => cancels.current.get(item.key)?.abort()}
            onRemove={() => setItems((all) => all.filter((other) => other.key !== item.key))}
          />
        ))}
      </ul>
    </main>
  );
}
