import { BaseModel } from './base-model.js';

/** The last measure of what storage holds, in bytes (one row, `scope` 'all'). */
export class StorageMeasure extends BaseModel {
  static override tableName = 'storage_usage';
  static override idColumn = 'scope';
  static override dateColumns = ['measuredAt'];

  scope!: string;
  originals!: number;
  renditions!: number;
  pictures!: number;
  unfinishedUploads!: number;
  measuredAt!: Date;
}
