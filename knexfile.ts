/**
 * Knex's configuration for tools that expect a knexfile: the database of DATABASE_URL (default
 * `sqlite:./data/app.db`). The server and `npm run migrate` share it through db/connection.ts.
 */
import { knexConfig, parseDatabaseUrl } from './db/connection.js';

export default knexConfig(parseDatabaseUrl(process.env.DATABASE_URL || 'sqlite:./data/app.db'));
