import { BaseModel } from './base-model.js';

export class DownloadRecord extends BaseModel {
  static override tableName = 'download_records';
  static override dateColumns = ['downloadedAt'];

  id!: number;
  userId!: number;
  movieId!: number;
  price!: number;
  downloadedAt!: Date;
}
