import { BaseModel } from './base-model.js';

export type CoinReason = 'CREDIT' | 'DEBIT' | 'VIP' | 'DOWNLOAD';

/** One change of a balance: positive for CREDIT, negative for DEBIT, VIP and DOWNLOAD. */
export class CoinEntry extends BaseModel {
  static override tableName = 'coin_entries';
  static override dateColumns = ['createdAt'];

  id!: number;
  userId!: number;
  amount!: number;
  reason!: CoinReason;
  balanceAfter!: number;
  movieId!: number | null;
  createdAt!: Date;
}
