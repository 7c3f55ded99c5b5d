import { BaseModel } from './base-model.js';

export class Movie extends BaseModel {
  static override tableName = 'movies';
  static override booleanColumns = ['isFree', 'isDeleted'];
  static override dateColumns = ['uploadedAt', 'deletedAt'];

  id!: number;
  name!: string;
  searchKey!: string;
  isFree!: boolean;
  size!: number;
  fingerprint!: string;
  sha256!: string;
  liveSha256!: string | null;
  storageKey!: string;
  uploaderId!: number;
  uploadedAt!: Date;
  isDeleted!: boolean;
  deletedAt!: Date | null;
}
