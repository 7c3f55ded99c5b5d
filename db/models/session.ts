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
  /** The User-Agent it signed in with, cut to fit. */
  userAgent!: string | null;
  /** The client address it signed in from (through a trusted proxy, the client's own). */
  address!: string | null;
}
