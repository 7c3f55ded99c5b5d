import { fstatSync, readdirSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Where Linux lists this process's descriptors, each a link to what it has open. */
const OWN_DESCRIPTORS = '/proc/self/fd';

/** The files beside a database in WAL mode that every connection to it must share. */
const COMPANIONS = ['-wal', '-shm'];

type FileIdentity = string;

function identityOf(stats: Stats): FileIdentity {
  return `${stats.dev}:${stats.ino}`;
}

/** The identity of the file at `path` now, or undefined when there is none. */
function identityAt(path: string): FileIdentity | undefined {
  try {
    return identityOf(statSync(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The descriptors this process holds, by the path each names; undefined where the system does not list them. */
function ownDescriptors(): Map<string, number> | undefined {
  let entries: string[];
  try {
    entries = readdirSync(OWN_DESCRIPTORS);
  } catch {
    return undefined;
  }
  const held = new Map<string, number>();
  for (const entry of entries) {
    try {
      held.set(readlinkSync(`${OWN_DESCRIPTORS}/${entry}`), Number(entry));
    } catch {
      // Closed since the listing (the directory's own descriptor among them).
    }
  }
  return held;
}

/**
 * The descriptor the connection holds on `path`, which must still be the file at `path`: a file
 * removed, moved or replaced under the server no longer has its descriptor listed under that name.
 */
function heldFile(held: Map<string, number>, path: string): number {
  const fd = held.get(path);
  if (fd === undefined || identityAt(path) !== identityOf(fstatSync(fd)))
    throw new Error(`${path} is no longer the file the server has open (removed, moved or replaced)`);
  return fd;
}

/** The first bytes of the database as on disk, read through the connection's own descriptor. */
function headerThrough(fd: number): Buffer {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const read = readSync(fd, header, 0, header.length, 0);
  return header.subarray(0, read);
}

/**
 * A check of the SQLite file at `path` under an open connection, made once the connection has it
 * open. An open connection goes on reading and writing a file that was removed (its writes are lost
 * at restart) or replaced, and serves reads from its page cache over a header overwritten on disk;
 * and a write-ahead log removed under it (by another process's checkpoint) loses every write since.
 *
 * It never opens the file: POSIX record locks belong to the process, so closing any descriptor of
 * the database would drop the locks SQLite holds through its own, and the next other connection
 * to close (an operator's `sqlite3`) would take itself for the last one, checkpoint, and remove the
 * write-ahead log under the server. On Linux it finds the connection's descriptors in
 * /proc/self/fd, compares each with the file at its path, and reads the header through the
 * database's (pread); elsewhere it compares the path's identity with the one it had at first.
 */
export function sqliteFileCheck(path: string): () => void {
  const opened = identityAt(path);
  if (opened === undefined) throw new Error(`the database file ${path} is missing`);
  const real = realpathSync(path);
  return () => {
    const now = identityAt(path);
    if (now === undefined) throw new Error(`the database file ${path} was removed`);
    if (now !== opened) throw new Error(`the database file ${path} was replaced since it was opened`);
    const held = ownDescriptors();
    if (held === undefined) return;
    const database = heldFile(held, real);
    if (!headerThrough(database).equals(SQLITE_HEADER)) throw new Error(`the database file ${path} is not SQLite's`);
    for (const suffix of COMPANIONS) heldFile(held, real + suffix);
  };
}
