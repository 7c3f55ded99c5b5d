/**
 * `npm run migrate`: creates the database of DATABASE_URL if needed and applies the migrations the
 * server would apply at start, e.g. before a deploy; `npm run migrate -- --list` shows their state,
 * and `npm run migrate -- --unlock` frees the lock of a process that stopped while migrating.
 */
import knex from 'knex';
import config from '../knexfile.js';
import { openDatabase } from './connection.js';
import { freeMigrationLock } from './migration-lock.js';

if (process.argv.includes('--unlock')) {
  const db = knex(config);
  await freeMigrationLock(db);
  console.log('the migration lock is free');
  await db.destroy();
} else if (process.argv.includes('--list')) {
  const db = knex(config);
  const [done, pending] = (await db.migrate.list()) as [{ name: string }[], { file: string }[]];
  console.log(`applied: ${done.map((m) => m.name).join(', ') || 'none'}`);
  console.log(`pending: ${pending.map((m) => m.file).join(', ') || 'none'}`);
  await db.destroy();
} else {
  const database = await openDatabase(process.env.DATABASE_URL || 'sqlite:./data/app.db');
  console.log(`migrated (${database.kind}): ${(await database.knex.migrate.currentVersion()) || 'nothing to do'}`);
  await database.knex.destroy();
}
