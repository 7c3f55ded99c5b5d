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
}
