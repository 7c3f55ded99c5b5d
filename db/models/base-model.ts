import { Model, snakeCaseMappers, type Pojo } from 'objection';

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  // SQLite keeps what it was given; a string here is an ISO or `YYYY-MM-DD HH:MM:SS` time in UTC.
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * Normalises what SQLite and MySQL return: booleans come back as 0/1 from both, dates as epoch
 * milliseconds from SQLite and as Date from MySQL, and columns are snake_case in the database.
 */
export abstract class BaseModel extends Model {
  static booleanColumns: readonly string[] = [];
  static dateColumns: readonly string[] = [];

  static override get columnNameMappers() {
    return snakeCaseMappers();
  }

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    const model = this.constructor as typeof BaseModel;
    for (const column of model.booleanColumns) {
      if (parsed[column] != null) parsed[column] = Boolean(parsed[column]);
    }
    for (const column of model.dateColumns) {
      if (parsed[column] != null) parsed[column] = toDate(parsed[column]);
    }
    return parsed;
  }
}
