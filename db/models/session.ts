import { BaseModel } from './base-model.js';

export class Session extends BaseModel {
  static override tableName = 'sessions';
  static override dateColumns = ['createdAt', 'lastUsedAt', 'expiresAt'];

  id!: number;
  userId!: number;
  tokenHash!: string;
  createdAt!: Date;
  lastUsedAt!: Date;
  expiresAt!: Date;
}
