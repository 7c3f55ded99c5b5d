import { randomUUID } from 'node:crypto';

const KEY = /^movies\/[0-9a-f-]{36}$/;

/** A storage key made by the server, never derived from anything a client sent. */
export function newMediaKey(): string {
  return `movies/${randomUUID()}`;
}

export function assertMediaKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a media key: ${key}`);
}
