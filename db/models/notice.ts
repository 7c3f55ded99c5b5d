import { BaseModel } from './base-model.js';

export class Notice extends BaseModel {
  static override tableName = 'notices';
  static override dateColumns = ['createdAt'];

  id!: number;
  title!: string;
  content!: string;
  authorId!: number;
  createdAt!: Date;
}
