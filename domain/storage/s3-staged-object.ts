import type { Readable } from 'node:stream';
import { assertMediaKey } from './keys.js';
import { MOVIES, type S3Bucket } from './s3-bucket.js';
import type { StagedObject } from './storage.js';

/** Bytes at `movies/<id>` with their marker; commit under that key removes the marker and nothing else. */
export class S3StagedObject implements StagedObject {
  private current: string;
  private committed = false;

  constructor(
    private readonly bucket: S3Bucket,
    private readonly id: string,
    readonly size: number,
  ) {
    this.current = MOVIES + id;
  }

  get movieKey(): string {
    return MOVIES + this.id;
  }

  readAt = (offset: number, length: number) => this.bucket.readAt(this.current, offset, length);

  openRead(): Promise<Readable> {
    return this.bucket.openRead(this.current);
  }

  /** Under its own key: the marker goes. Under another (a poster's): a copy, for small objects only. */
  async commit(key: string): Promise<void> {
    assertMediaKey(key);
    if (this.committed && key === this.current) return;
    // Bytes that went meanwhile (a second taker of one upload refused them) are never accepted.
    if (!(await this.bucket.stat(this.current))) throw new Error(`the staged bytes at ${this.current} are gone`);
    if (key !== this.current) {
      await this.bucket.copy(this.current, key);
      await this.bucket.delete(this.current);
      this.current = key;
    }
    await this.bucket.removeMarker(this.id);
    this.committed = true;
  }

  async discard(): Promise<void> {
    if (this.current !== this.movieKey) await this.bucket.delete(this.current);
    await this.bucket.removeStaged(this.id);
  }
}
