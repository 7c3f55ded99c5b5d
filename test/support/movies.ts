import { computeFingerprint } from '../../domain/catalogue/fingerprint.js';
import type { Account } from './accounts.js';
import type { Client, GraphQLResponse } from './client.js';

export const MOVIE_FIELDS = 'id name isFree size fingerprint sha256 uploadedAt isDeleted price waitSeconds';

export interface MovieShape {
  id: string;
  name: string;
  isFree: boolean;
  size: number;
  fingerprint: string;
  sha256: string;
  uploadedAt: string;
  isDeleted: boolean;
  price: number;
  waitSeconds: number;
}

export const UPLOAD = `mutation Upload($file: Upload!, $isFree: Boolean!, $fingerprint: String!, $name: String) {
  uploadMovie(file: $file, isFree: $isFree, fingerprint: $fingerprint, name: $name) { ${MOVIE_FIELDS} }
}`;
export const MOVIES = `query Movies($type: MovieType, $search: String, $first: Int, $after: String) {
  movies(type: $type, search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${MOVIE_FIELDS} } }
  }
}`;
export const MOVIE = `query Movie($id: ID!) { movie(id: $id) { ${MOVIE_FIELDS} } }`;
export const CHECK_MOVIE = `query Check($fingerprint: String!) { checkMovie(fingerprint: $fingerprint) { exists movie { ${MOVIE_FIELDS} } } }`;
export const DELETE_MOVIE = `mutation Delete($id: ID!) { deleteMovie(id: $id) { ${MOVIE_FIELDS} } }`;

/** `size` bytes that differ with `seed`, so that two videos are not duplicates. */
export function videoBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

export function fingerprintOfBytes(bytes: Buffer): Promise<string> {
  return computeFingerprint(bytes.length, (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)));
}

export interface UploadOptions {
  bytes: Buffer;
  filename?: string;
  isFree?: boolean;
  name?: string | null;
  /** Defaults to the right fingerprint of `bytes`. */
  fingerprint?: string;
  headers?: Record<string, string>;
  /** Extra files in the same request (a refusal case). */
  extraFiles?: number;
}

/** A GraphQL multipart request (the spec's `operations`, `map`, then the files). */
export async function uploadRequest(
  client: Client,
  options: UploadOptions,
): Promise<GraphQLResponse<{ uploadMovie: MovieShape }>> {
  const fingerprint = options.fingerprint ?? (await fingerprintOfBytes(options.bytes));
  const form = new FormData();
  const variables = { file: null, isFree: options.isFree ?? true, fingerprint, name: options.name ?? null };
  form.append('operations', JSON.stringify({ query: UPLOAD, variables }));
  const map: Record<string, string[]> = { 0: ['variables.file'] };
  for (let i = 1; i <= (options.extraFiles ?? 0); i++) map[i] = ['variables.file'];
  form.append('map', JSON.stringify(map));
  form.append('0', new Blob([new Uint8Array(options.bytes)]), options.filename ?? 'video.mp4');
  for (let i = 1; i <= (options.extraFiles ?? 0); i++)
    form.append(String(i), new Blob([new Uint8Array(options.bytes)]), `extra${i}.mp4`);
  const response = await fetch(`${client.url}/graphql`, {
    method: 'POST',
    headers: {
      'x-graphql-yoga-csrf': '1',
      ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
      ...options.headers,
    },
    body: form,
  });
  const body = (await response.json()) as Omit<GraphQLResponse<{ uploadMovie: MovieShape }>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** Uploads a video that must be accepted. */
export async function uploadVideo(admin: Account, options: UploadOptions): Promise<MovieShape> {
  const result = await uploadRequest(admin.client, options);
  if (result.errors) throw new Error(`upload refused: ${JSON.stringify(result.errors)}`);
  return result.data!.uploadMovie;
}

/** One part of a multipart body written by hand. */
export interface RawPart {
  name: string;
  filename?: string;
  contentType?: string;
  body: string | Buffer;
}

/** A multipart body with exactly the parts given, in order: for requests no well-behaved client sends. */
export function multipartBody(parts: RawPart[], boundary: string): Buffer {
  const chunks = parts.flatMap((part) => {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.contentType ? `Content-Type: ${part.contentType}\r\n` : '';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n${type}\r\n`;
    return [Buffer.from(head), Buffer.from(part.body), Buffer.from('\r\n')];
  });
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
}

/** The `operations` part of an uploadMovie request with these variables (the file left null). */
export function uploadOperations(variables: Record<string, unknown>): RawPart {
  return { name: 'operations', body: JSON.stringify({ query: UPLOAD, variables: { file: null, ...variables } }) };
}

export const FILE_MAP: RawPart = { name: 'map', body: JSON.stringify({ 0: ['variables.file'] }) };

/** Posts a hand-written multipart body as an admin would (CSRF header, bearer token). */
export async function postMultipart(
  client: Client,
  body: Buffer,
  contentType: string,
): Promise<GraphQLResponse<{ uploadMovie: MovieShape }>> {
  const response = await fetch(`${client.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-graphql-yoga-csrf': '1',
      ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
    },
    body: new Uint8Array(body),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as Omit<GraphQLResponse<{ uploadMovie: MovieShape }>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...parsed };
}
