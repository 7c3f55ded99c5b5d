import fc from 'fast-check';
import { UPLOAD } from '../../support/movies.js';

/** An HTTP request as the fuzzer builds it: any method, path, headers and body bytes. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

const BOUNDARIES = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[0-9A-Za-z'()+_,./:=?-]{1,70}$/) },
  fc.string({ maxLength: 100 }),
  fc.constantFrom('', '"', '--', 'a'.repeat(200), 'é', ' spaced '),
);

/** An `operations` field: the upload mutation with odd variables, another query, a batch, or not JSON at all. */
const OPERATIONS = fc.oneof(
  { weight: 4, arbitrary: uploadOperations() },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{"query":"{ me { id } }"}',
    JSON.stringify([{ query: UPLOAD, variables: { file: null } }]),
    '{"query":',
    '',
  ),
  fc.string(),
);

/** The upload mutation with arguments that mostly pass, so that the bytes reach the checks on them (empty, fingerprint). */
function uploadOperations(): fc.Arbitrary<string> {
  return fc
    .record({
      isFree: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, fc.jsonValue()),
      fingerprint: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
        },
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 40 }),
        fc.jsonValue(),
      ),
      name: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 }), fc.jsonValue()),
    })
    .map((variables) => JSON.stringify({ query: UPLOAD, variables: { file: null, ...variables } }));
}

/** A `map` field: the right one, paths to nowhere, more files than one, or not JSON. */
const MAP = fc.oneof(
  { weight: 4, arbitrary: fc.constant('{"0":["variables.file"]}') },
  fc
    .dictionary(fc.string({ maxLength: 4 }), fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }))
    .map((map) => JSON.stringify(map)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom('{"0":["variables.file"],"1":["variables.file"]}', '{"0":["variables.file.x"]}', '{', ''),
  fc.string(),
);

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  body: Uint8Array | string;
}

const PART_HEADERS = fc
  .record(
    {
      filename: fc.oneof(fc.constantFrom('video.mp4', '', '../x', 'a"b', '名.mp4'), fc.string({ maxLength: 30 })),
      contentType: fc.oneof(fc.constantFrom('video/mp4', 'application/json', ''), fc.string({ maxLength: 30 })),
    },
    // Mostly with a file name: a part without one is a field, not a file.
    { requiredKeys: ['filename'] },
  )
  .chain((headers) =>
    fc.oneof({ weight: 4, arbitrary: fc.constant(headers) }, fc.constant({ contentType: headers.contentType })),
  );

const PARTS: fc.Arbitrary<Part[]> = fc
  .tuple(
    OPERATIONS,
    MAP,
    fc.uint8Array({ maxLength: 4096 }),
    PART_HEADERS,
    fc.array(
      fc.record({
        name: fc.oneof(fc.constantFrom('operations', 'map', '0', '1'), fc.string({ maxLength: 10 })),
        body: fc.string(),
      }),
      { maxLength: 3 },
    ),
    fc.oneof(
      { weight: 5, arbitrary: fc.constant('in order') },
      fc.constantFrom('file first', 'no operations', 'no map', 'no file', 'shuffled'),
    ),
  )
  .map(([operations, map, file, headers, extras, order]) => {
    const parts: Part[] = [
      { name: 'operations', body: operations },
      { name: 'map', body: map },
      { name: '0', ...headers, body: file },
    ];
    const chosen =
      order === 'file first'
        ? [parts[2]!, parts[0]!, parts[1]!]
        : order === 'no operations'
          ? parts.slice(1)
          : order === 'no map'
            ? [parts[0]!, parts[2]!]
            : order === 'no file'
              ? parts.slice(0, 2)
              : order === 'shuffled'
                ? [parts[1]!, parts[2]!, parts[0]!]
                : parts;
    return [...chosen, ...extras];
  });

function encodeParts(parts: Part[], boundary: string, closing: boolean): Uint8Array {
  const chunks = parts.flatMap((part) => {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.contentType === undefined ? '' : `Content-Type: ${part.contentType}\r\n`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n${type}\r\n`;
    return [Buffer.from(head), Buffer.from(part.body), Buffer.from('\r\n')];
  });
  if (closing) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

/** GraphQL multipart requests that no well-behaved client sends: bad boundaries, parts, JSON, truncation. */
export const malformedMultipart: fc.Arbitrary<RawRequest> = fc
  .record({
    boundary: BOUNDARIES,
    declared: fc.oneof({ weight: 4, arbitrary: fc.constant('same') }, BOUNDARIES, fc.constant('none')),
    parts: PARTS,
    closing: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
    cutAt: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.nat()),
    extraType: fc.constantFrom('', '; charset=utf-8', '; boundary=other'),
  })
  .map(({ boundary, declared, parts, closing, cutAt, extraType }) => {
    const body = encodeParts(parts, boundary, closing);
    const header =
      declared === 'none'
        ? 'multipart/form-data'
        : `multipart/form-data; boundary=${declared === 'same' ? boundary : declared}${extraType}`;
    return {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': header },
      body: cutAt === undefined ? body : body.subarray(0, cutAt % (body.length + 1)),
    };
  });

const NUMBERISH = fc.oneof(
  fc.nat().map(String),
  fc.integer().map(String),
  fc.constantFrom('', '-1', '0', '1e3', '9'.repeat(30), ' 5', '0x10', 'NaN', String(2 ** 53)),
  fc.string({ maxLength: 10 }),
);

const METADATA = fc.oneof(
  fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.string({ maxLength: 20 }), { maxKeys: 4 }).map((pairs) =>
    Object.entries(pairs)
      .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
      .join(','),
  ),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('filename', 'filename !!!', ',,,', 'owner MQ==', 'a b c'),
);

/**
 * tus requests of any method to /uploads or an upload's URL (one of `ids`, or not), with any of the
 * protocol's headers missing, odd or contradicting the body.
 */
export function malformedTus(ids: string[]): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: fc.constantFrom('POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS', 'GET', 'PUT'),
      target: fc.oneof(
        fc.constantFrom('', ...ids.map((id) => `/${id}`)),
        fc.string({ maxLength: 40 }).map((id) => `/${encodeURIComponent(id)}`),
      ),
      headers: fc.record(
        {
          'tus-resumable': fc.oneof(fc.constant('1.0.0'), fc.string({ maxLength: 8 })),
          'upload-length': NUMBERISH,
          'upload-offset': NUMBERISH,
          'upload-defer-length': fc.constantFrom('1', '0', 'yes'),
          'upload-metadata': METADATA,
          'content-type': fc.constantFrom('application/offset+octet-stream', 'text/plain', 'application/json'),
          'x-http-method-override': fc.constantFrom('PATCH', 'DELETE', 'GET'),
        },
        { requiredKeys: [] },
      ),
      body: fc.option(fc.uint8Array({ maxLength: 8192 }), { nil: undefined }),
    })
    .map(({ method, target, headers, body }) => ({
      method,
      path: `/uploads${target}`,
      headers: headers,
      // GET and HEAD requests cannot carry a body.
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    }));
}

/**
 * Well-formed multipart uploads whose bytes the server must refuse after staging them: empty, or
 * not matching the fingerprint given, with any file name and type.
 */
export const refusedUploads: fc.Arbitrary<RawRequest> = fc
  .record({
    file: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 200_000 })),
    fingerprint: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
    isFree: fc.boolean(),
    name: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 })),
    headers: PART_HEADERS,
  })
  .map(({ file, fingerprint, isFree, name, headers }) => {
    const operations = JSON.stringify({ query: UPLOAD, variables: { file: null, isFree, fingerprint, name } });
    const parts: Part[] = [
      { name: 'operations', body: operations },
      { name: 'map', body: '{"0":["variables.file"]}' },
      { name: '0', filename: 'video.mp4', ...headers, body: file },
    ];
    return {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'multipart/form-data; boundary=fuzz-boundary' },
      body: encodeParts(parts, 'fuzz-boundary', true),
    };
  });
