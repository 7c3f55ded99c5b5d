import type { Command } from '@commander-js/extra-typings';
import { Api } from '../api.js';
import { savedSession } from '../session.js';

/** The options every command takes, before or after its name. */
export type GlobalOptions = {
  server: string;
  json?: true;
  token?: string;
};

export type Program = Command<[], GlobalOptions>;

/** What a command reads of the global options once the command line is parsed (plain functions: commands destructure them). */
export interface CommandContext {
  /** The server's origin (`--server`, else VIDEO_SERVER, else the default). */
  server: () => string;
  /** Whether to print one JSON document (`--json`) rather than lines for people. */
  json: () => boolean;
  /** A client of the server, logged in with `--token`, else with the session saved for that server. */
  api: () => Promise<Api>;
}

export function contextOf(program: Program): CommandContext {
  return {
    server: () => program.opts().server,
    json: () => program.opts().json === true,
    api: async () => {
      const { server, token } = program.opts();
      return new Api(server, token ?? (await savedSession(server))?.token);
    },
  };
}

/** Adds the commands of one topic to the program. */
export type Topic = (program: Program, context: CommandContext) => void;
