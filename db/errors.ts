/** True when a database error is a unique-index violation, on SQLite (better-sqlite3) and MySQL (mysql2). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when a transaction lost a lock race and may simply be run again. */
export function isRetryableConflict(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // better-sqlite3 reports extended codes, e.g. SQLITE_BUSY_SNAPSHOT when two processes share a file.
  return (
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT' ||
    (typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
  );
}
