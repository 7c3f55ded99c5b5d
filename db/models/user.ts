import { BaseModel } from './base-model.js';

export type Role = 'ADMIN' | 'USER';

export class User extends BaseModel {
  static override tableName = 'users';
  static override booleanColumns = ['isVip', 'isLocked'];
  static override dateColumns = ['registeredAt'];

  id!: number;
  name!: string;
  nameKey!: string;
  passwordHash!: string;
  role!: Role;
  isVip!: boolean;
  isLocked!: boolean;
  balance!: number;
  registeredAt!: Date;
  /** The TOTP secret, sealed (domain/accounts/secret-box.ts); set while two-factor sign-in is on. */
  twoFactorSecret!: string | null;
  /** The sealed secret of a setup not confirmed yet. */
  twoFactorPending!: string | null;
  /** The last TOTP time step a code was accepted at: a code of that step or before is refused. */
  twoFactorStep!: number | null;
}
