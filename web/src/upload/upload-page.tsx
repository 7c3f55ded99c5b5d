import { useEffect, useRef, useState, type DragEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useClient, useQuery } from 'urql';
import { uploadIdOf } from '../../../client-transport/tus-upload.js';
import { defaultMovieName } from '../../../domain/catalogue/movie-names.js';
import { StorageUsage } from '../admin/storage-usage';
import { graphql } from '../gql';
import { fingerprintOfBlob } from './blob-fingerprint';
import { discardUpload, sendMovie } from './movie-transport';
import { UnfinishedCard } from './unfinished-card';
import { isFileOf, ResumableUploadsDocument, type UnfinishedUpload } from './unfinished-uploads';
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
  const [now, setNow] = useState(Date.now);
  const cancels = useRef(new Map<number, AbortController>());
  const sending = items.some((item) => item.status === 'sending');
  const [unfinished, refetchUnfinished] = useQuery({ query: ResumableUploadsDocument, requestPolicy: 'network-only' });
  // An upload that a file of this page already goes to is shown by that file's row only.
  const queued = new Set(items.flatMap((item) => (item.uploadUrl ? [uploadIdOf(item.uploadUrl)] : [])));
  const cards = (unfinished.data?.resumableUploads ?? []).filter((upload) => !queued.has(upload.id));

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
    const listed = await client.query(ResumableUploadsDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    const earlier = listed.data?.resumableUploads.find((upload) => isFileOf(upload, item.file, fingerprint));
    if (!earlier) return update(item.key, { fingerprint, status: 'ready' });
    update(item.key, { fingerprint, status: 'resumable', ...resumeOf(earlier, item) });
  };

  /** What a file takes from the unfinished upload it continues: the choices made at its creation. */
  const resumeOf = (upload: UnfinishedUpload, item: Pick<QueuedUpload, 'name' | 'description' | 'isFree'>) => ({
    resume: upload,
    uploadUrl: upload.url,
    name: upload.name ?? item.name,
    description: upload.description ?? item.description,
    isFree: upload.isFree ?? item.isFree,
  });

  const queue = (file: File, more: Partial<QueuedUpload> = {}): QueuedUpload => ({
    key: nextKey++,
    file,
    name: defaultMovieName(file.name),
    description: '',
    isFree: true,
    status: 'fingerprinting',
    sent: 0,
    resumedFrom: 0,
    ...more,
  });

  const add = (files: FileList | null) => {
    const added = Array.from(files ?? []).map((file) => queue(file));
    setItems((all) => [...all, ...added]);
    added.forEach((item) => void check(item));
  };

  /** Sends the file: the rest of it, when the server already holds a part (`uploadUrl`). */
  const send = async (item: QueuedUpload) => {
    if (!item.fingerprint) return;
    const cancel = new AbortController();
    cancels.current.set(item.key, cancel);
    // Sending starts on a click, never during a render: react-hooks/purity takes the callbacks that the rows
    // below are given in `items.map` for calls made while rendering.
    // eslint-disable-next-line react-hooks/purity -- the clock is read on a click (above)
    update(item.key, { status: 'sending', sent: 0, resumedFrom: 0, startedAt: Date.now(), error: undefined });
    const result = await sendMovie(
      client,
      {
        file: item.file,
        name: item.name,
        description: item.description,
        isFree: item.isFree,
        fingerprint: item.fingerprint,
      },
      {
        onProgress: (progress) => update(item.key, { sent: progress.loaded, resumedFrom: progress.resumedFrom }),
        onUploadUrl: (uploadUrl) => update(item.key, { uploadUrl }),
        cancel: cancel.signal,
        resumeUrl: item.uploadUrl,
      },
    );
    cancels.current.delete(item.key);
    if ('cancelled' in result) update(item.key, { status: 'cancelled', uploadUrl: undefined });
    else if ('error' in result) update(item.key, { status: 'failed', error: result.error });
    else update(item.key, { status: 'done', sent: item.file.size, movieId: result.movie.id });
  };

  /** Throws the unfinished upload away on the server and sends the file from its start. */
  const startOver = async (item: QueuedUpload) => {
    if (item.uploadUrl) await discardUpload(item.uploadUrl);
    const fresh = { ...item, resume: undefined, uploadUrl: undefined };
    update(item.key, fresh);
    await send(fresh);
  };

  /** The same file, picked on an unfinished upload's card: sent on from where the server stopped. */
  const resumeCard = (upload: UnfinishedUpload, file: File, fingerprint: string, isFree: boolean) => {
    const item = queue(file, {
      fingerprint,
      ...resumeOf(upload, { name: defaultMovieName(file.name), description: '', isFree }),
    });
    setItems((all) => [...all, item]);
    void send(item);
  };

  const discardCard = async (upload: UnfinishedUpload) => {
    const refused = await discardUpload(upload.url);
    if (!refused) refetchUnfinished({ requestPolicy: 'network-only' });
    return refused;
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
      {cards.length > 0 && (
        <section aria-labelledby="unfinished-title">
          <h2 id="unfinished-title">
            <FormattedMessage id="upload.unfinished.title" />
          </h2>
          <p>
            <FormattedMessage id="upload.unfinished.intro" />
          </p>
          <ul className="plain">
            {cards.map((upload) => (
              <UnfinishedCard
                key={upload.id}
                upload={upload}
                onResume={(file, fingerprint, isFree) => resumeCard(upload, file, fingerprint, isFree)}
                onDiscard={() => discardCard(upload)}
              />
            ))}
          </ul>
        </section>
      )}
      <ul className="plain">
        {items.map((item) => (
          <UploadRow
            key={item.key}
            item={item}
            now={now}
            onChange={(change) => update(item.key, change)}
            onSend={() => void send(item)}
            onResume={() => void send(item)}
            onStartOver={() => void startOver(item)}
            onCancel={() => cancels.current.get(item.key)?.abort()}
            onRemove={() => setItems((all) => all.filter((other) => other.key !== item.key))}
          />
        ))}
      </ul>
      <StorageUsage />
    </main>
  );
}
