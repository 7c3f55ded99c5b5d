import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The client's folder for what it keeps between runs: `$XDG_CONFIG_HOME/youku` (or `~/.config/youku`). */
export function configFolder(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'youku');
}

/**
 * A JSON file of records keyed by string, readable by its owner only (it holds session tokens and
 * download links, which are secrets). Written whole to a temporary file and renamed into place, so
 * that a crash never leaves half a file.
 */
export class PrivateRecords<T> {
  constructor(private readonly fileName: string) {}

  private get path(): string {
    return join(configFolder(), this.fileName);
  }

  async all(): Promise<Record<string, T>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, T>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.all())[key];
  }

  async set(key: string, value: T | undefined): Promise<void> {
    const records = await this.all();
    if (value === undefined) delete records[key];
    else records[key] = value;
    await mkdir(configFolder(), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}`;
    await writeFile(temporary, JSON.stringify(records, null, 2), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.path);
  }
}
