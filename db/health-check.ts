import { open, stat } from 'node:fs/promises';
import type { Knex } from 'knex';

/** Where Knex records the migrations: a table every database of ours has. */
export const MIGRATIONS_TABLE = 'knex_migrations';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

type FileIdentity = string;

async function identityOf(path: string): Promise<FileIdentity | undefined> {
  try {
    const { dev, ino } = await stat(path, { bigint: true });
    return `${dev}:${ino}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function headerOf(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SQLITE_HEADER.length), 0, SQLITE_HEADER.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * An open SQLite connection goes on reading and writing a file that was removed (its writes are lost
 * at restart) or replaced, and serves reads from its page cache over a header overwritten on disk:
 * so the file at the path must still be the one opened, and must still start as SQLite's do.
 */
async function checkSqliteFile(path: string, opened: FileIdentity): Promise<void> {
  const now = await identityOf(path);
  if (now === undefined) throw new Error(`the database file ${path} was removed`);
  if (now !== opened) throw new Error(`the database file ${path} was replaced since it was opened`);
  if (!(await headerOf(path)).equals(SQLITE_HEADER)) throw new Error(`the database file ${path} is not SQLite's`);
}

/**
 * A check that throws unless the database serves: a read of a real table (a `select 1` never
 * touches the data) and, for a SQLite file, the checks above. Made once the database is open.
 */
export async function healthCheck(db: Knex, sqliteFile?: string): Promise<() => Promise<void>> {
  const readTable = async () => {
    await db(MIGRATIONS_TABLE).select('name').limit(1);
  };
  if (sqliteFile === undefined) return readTable;
  const opened = await identityOf(sqliteFile);
  if (opened === undefined) throw new Error(`the database file ${sqliteFile} is missing`);
  return async () => {
    await checkSqliteFile(sqliteFile, opened);
    await readTable();
  };
}
