import type { CombinedError } from 'urql';
import type { UnfinishedUpload } from './unfinished-uploads';

/** One file on its way: what the admin chose for it and how far it has got. */
export interface QueuedUpload {
  key: number;
  file: File;
  name: string;
  description: string;
  isFree: boolean;
  status:
    'fingerprinting' | 'unreadable' | 'ready' | 'resumable' | 'duplicate' | 'sending' | 'done' | 'failed' | 'cancelled';
  fingerprint?: string;
  duplicateOf?: string;
  /** An unfinished upload of this file that the server keeps, begun earlier: its name, description and price type come with it. */
  resume?: UnfinishedUpload;
  /** The upload on the server that this file goes to, once there is one: sending again goes on with it. */
  uploadUrl?: string;
  sent: number;
  /** Where this run started: the bytes the server already held when it resumed. */
  resumedFrom: number;
  startedAt?: number;
  error?: CombinedError;
  /** The video the upload became. */
  movieId?: string;
}

/** Bytes per second so far, and seconds left at that pace (null until it can be told). */
export function pace(item: QueuedUpload, now: number): { speed: number; secondsLeft: number | null } {
  const elapsed = item.startedAt ? (now - item.startedAt) / 1000 : 0;
  const speed = elapsed > 0 ? (item.sent - item.resumedFrom) / elapsed : 0;
  const secondsLeft = speed > 0 ? (item.file.size - item.sent) / speed : null;
  return { speed, secondsLeft };
}
