import { PrivateRecords } from './config-folder.js';

export interface Session {
  token: string;
  name: string;
}

/** Saved sessions, one per server (keyed by its origin), in `sessions.json` of the config folder. */
const sessions = new PrivateRecords<Session>('sessions.json');

export const savedSession = (server: string) => sessions.get(server);
export const saveSession = (server: string, session: Session) => sessions.set(server, session);
export const forgetSession = (server: string) => sessions.set(server, undefined);
