import type { Knex } from 'knex';
import { bootstrapAdmin } from '../domain/accounts/accounts.js';
import { hasFirstAdmin } from '../domain/accounts/first-admin.js';
import { issueFirstAdminCode } from '../domain/accounts/setup-codes.js';
import type { Config } from './config/config.js';
import type { Logger } from './observability/logger.js';

/** How the instance gets its first admin, as found at start. */
export type FirstAdminSetup =
  /** It has one, or the first registration on loopback will be it. */
  | { state: 'ready' }
  /** Made now from ADMIN_NAME and ADMIN_PASSWORD. */
  | { state: 'bootstrapped'; name: string }
  /** This process made the setup code: shown once, never stored in clear. */
  | { state: 'code'; code: string }
  /** Another process made the code earlier; only it printed the code. */
  | { state: 'pending'; since: Date };

/** Makes the ADMIN_NAME admin, or the setup code an open interface needs, when the instance has no admin. */
export async function prepareFirstAdmin(config: Config, db: Knex): Promise<FirstAdminSetup> {
  if (config.firstAdmin) {
    const made = await bootstrapAdmin(db, config.firstAdmin);
    if (made) return { state: 'bootstrapped', name: made.name };
  }
  if (!config.settings.setupCodeRequired || (await hasFirstAdmin(db))) return { state: 'ready' };
  const issued = await issueFirstAdminCode(db);
  if (!issued) return { state: 'ready' };
  return 'made' in issued ? { state: 'code', code: issued.made } : { state: 'pending', since: issued.pendingSince };
}

/**
 * Tells the operator: the code goes to stderr only, as a plain line beside the JSON log (which log
 * collectors keep and forward); the log says that it was printed, without it.
 */
export function announceFirstAdmin(
  setup: FirstAdminSetup,
  logger: Logger,
  write = (line: string) => console.error(line),
) {
  switch (setup.state) {
    case 'bootstrapped':
      logger.info({ name: setup.name }, 'created the administrator named by ADMIN_NAME');
      return;
    case 'code':
      logger.info('no administrator yet: the first registration needs the setup code printed on stderr');
      write(
        `Setup code: ${setup.code} (the first account registered with it becomes the administrator; it works once)`,
      );
      return;
    case 'pending':
      logger.info({ since: setup.since }, 'no administrator yet: a setup code made by an earlier start is waiting');
      write(
        `Setup: no administrator yet. The setup code was printed at ${setup.since.toISOString()} by the server ` +
          'that made it; lost it? Start once with ADMIN_NAME and ADMIN_PASSWORD to create the administrator instead.',
      );
      return;
    case 'ready':
      return;
  }
}
