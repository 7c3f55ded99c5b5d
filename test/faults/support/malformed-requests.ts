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
  fc.stringMatching(/^[0-9A-Za-z'()+_,./:=?-]{1,70}$/),
  fc.string({ maxLength: 100 }),
  fc.constantFrom('', '"', '--', 'a'.repeat(200), 'é', ' spaced '),
);

/** An `operations` field: the upload mutation with odd variables, another query, a batch, or not JSON at all. */
const OPERATIONS = fc.oneof(
  fc
    .record({
      isFree: fc.jsonValue(),
      fingerprint: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 40 }), fc.jsonValue()),
      name: fc.jsonValue(),
    })
    .map((variables) => JSON.stringify({ query: UPLOAD, variables: { file: null, ...variables } })),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{"query":"{ me { id } }"}',
    JSON.stringify([{ query: UPLOAD, variables: { file: null } }]),
    '{"query":',
    '',
  ),
  fc.string(),
);

/** A `map` field: the right one, paths to nowhere, more files than one, or not JSON. */
const MAP = fc.oneof(
  fc.constant('{"0":["variables.file"]}'),
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

const PART_HEADERS = fc.record(
  {
    filename: fc.oneof(fc.constantFrom('video.mp4', '', '../x', 'a"b', '名.mp4'), fc.string({ maxLength: 30 })),
    contentType: fc.oneof(fc.constantFrom('video/mp4', 'application/json', ''), fc.string({ maxLength: 30 })),
  },
  { requiredKeys: [] },
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
    fc.constantFrom('in order', 'file first', 'no operations', 'no map', 'no file', 'shuffled'),
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
    declared: fc.oneof(fc.constant('same'), BOUNDARIES, fc.constant('none')),
    parts: PARTS,
    closing: fc.boolean(),
    cutAt: fc.option(fc.nat(), { nil: undefined }),
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
      headers: headers as Record<string, string>,
      // GET and HEAD requests cannot carry a body.
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    }));
}
