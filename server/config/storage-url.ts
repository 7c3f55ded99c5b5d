import type { S3Location } from '../../domain/storage/s3-client.js';
import { ConfigError } from './config-error.js';
import type { Kind } from './kinds.js';

/** The bucket STORAGE_URL names; the credentials come from variables of their own. */
export type Bucket = Omit<S3Location, 'credentials'>;

/** S3's rule for bucket names: 3 to 63 lower-case letters, digits, dots and hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_OPTIONS = new Set(['endpoint', 'region', 'forcePathStyle']);

/** `s3://BUCKET?endpoint=URL&region=REGION&forcePathStyle=true` */
export const storageUrl: Kind<Bucket> = {
  accepts: '`s3://BUCKET?endpoint=URL&region=REGION&forcePathStyle=true`',
  parse(raw, name) {
    const fail = (problem: string): never => {
      throw new ConfigError(name, problem, raw);
    };
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url || url.protocol !== 's3:') return fail('must look like s3://BUCKET?endpoint=URL&region=REGION');
    if (url.username || url.password || (url.pathname !== '' && url.pathname !== '/') || url.hash) {
      return fail(
        'must name only a bucket, with options after ?; credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      );
    }
    if (!BUCKET.test(url.hostname))
      return fail('must name a bucket of 3 to 63 lower-case letters, digits, dots and hyphens');
    for (const option of url.searchParams.keys()) {
      if (!S3_OPTIONS.has(option)) fail(`has an unknown option ${option} (known: ${[...S3_OPTIONS].join(', ')})`);
    }
    const endpoint = url.searchParams.get('endpoint') || undefined;
    if (endpoint && !(URL.canParse(endpoint) && /^https?:$/.test(new URL(endpoint).protocol))) {
      fail('endpoint must be an http(s) URL such as http://127.0.0.1:8080');
    }
    const region = url.searchParams.get('region') || 'us-east-1';
    if (!/^[a-z0-9-]+$/.test(region)) fail('region must be a region name such as us-east-1');
    const pathStyle = url.searchParams.get('forcePathStyle') ?? 'false';
    if (!/^(true|false)$/.test(pathStyle)) fail('forcePathStyle must be true or false');
    return { bucket: url.hostname, endpoint, region, forcePathStyle: pathStyle === 'true' };
  },
  show: () => '',
};
