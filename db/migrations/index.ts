import type { Knex } from 'knex';
import * as accounts from './001-accounts.js';
import * as moviesAndNotices from './002-movies-and-notices.js';
import * as downloads from './003-downloads.js';
import * as coinLedger from './004-coin-ledger.js';
import * as mediaAndJobs from './005-media-and-jobs.js';
import * as attemptCounts from './006-attempt-counts.js';
import * as movieListIndex from './007-movie-list-index.js';
import * as setupCodes from './008-setup-codes.js';
import * as playback from './009-playback.js';
import * as catalogue from './010-catalogue.js';
import * as accountSecurity from './011-account-security.js';
import * as streamRunFolders from './012-stream-run-folders.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Listed here rather than found by scanning a folder, so they load the same under tsx, tsc and tests.
const migrations: Record<string, Migration> = {
  '001-accounts': accounts,
  '002-movies-and-notices': moviesAndNotices,
  '003-downloads': downloads,
  '004-coin-ledger': coinLedger,
  '005-media-and-jobs': mediaAndJobs,
  '006-attempt-counts': attemptCounts,
  '007-movie-list-index': movieListIndex,
  '008-setup-codes': setupCodes,
  '009-playback': playback,
  '010-catalogue': catalogue,
  '011-account-security': accountSecurity,
  '012-stream-run-folders': streamRunFolders,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    return migration ? Promise.resolve(migration) : Promise.reject(new Error(`unknown migration ${name}`));
  },
};
