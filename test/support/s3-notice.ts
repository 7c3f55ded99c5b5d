import { s3Endpoint } from './s3.js';

/**
 * Vitest's global setup: says once, before the suites run, that the S3 runs are skipped when no
 * S3-compatible store answers (with CI=true, importing ./s3.js has already failed instead).
 */
export default function setup(): void {
  if (!s3Endpoint) {
    console.warn(
      'No S3-compatible store answers at http://127.0.0.1:8080 (or S3_TEST_URL): the S3 runs of the storage suites are skipped. Start one with: bash .ci/swift-s3.sh start',
    );
  }
}
