import { BaseModel } from './base-model.js';

export class DownloadTicket extends BaseModel {
  static override tableName = 'download_tickets';
  static override dateColumns = ['availableAt', 'expiresAt'];

  id!: number;
  tokenHash!: string;
  userId!: number;
  movieId!: number;
  availableAt!: Date;
  expiresAt!: Date;
}
