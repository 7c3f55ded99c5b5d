import type { Config } from './config/config.js';

/** How a start-up failure ends the process: 2 for a setting to change, 1 for the world around it. */
export interface StartupFailure {
  exitCode: 1 | 2;
  line: string;
}

/**
 * Why the server could not listen, naming HOST and PORT: an address taken by another process is
 * the machine's state (exit 1); a name that does not resolve, an address this machine does not
 * have or a port it may not open are the configuration's (exit 2).
 */
export function listenFailure(err: unknown, config: Pick<Config, 'host' | 'port'>): StartupFailure {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `HOST and PORT (${config.host}:${config.port})`;
  if (code === 'EADDRINUSE') {
    return { exitCode: 1, line: `cannot listen on ${where}: the port is already in use by another process` };
  }
  return { exitCode: 2, line: `configuration error: cannot listen on ${where}: ${(err as Error).message}` };
}
