import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { Derived, GROUPS, VARIABLES, type GroupId, type Variable } from './variables.js';

/** docs/configuration.md: hand-written around one part that `npm run docs:config` writes from the table. */
export const CONFIGURATION_PAGE = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));

const BEGIN =
  '<!-- The tables below are written by `npm run docs:config` from server/config/variables.ts: edit there. -->';
const END = '<!-- End of the written part. -->';

const cell = (markdown: string) => markdown.replaceAll('|', '\\|');

function defaultOf({ kind, fallback }: Variable<unknown>): string {
  if (fallback instanceof Derived) return fallback.shown;
  const shown = fallback === undefined ? '' : kind.show(fallback);
  return shown === '' ? 'unset' : `\`${shown}\``;
}

function groupTable(group: GroupId): string {
  const rows = Object.entries(VARIABLES)
    .filter(([, variable]) => variable.group === group)
    .map(([name, variable]: [string, Variable<unknown>]) =>
      [`\`${name}\``, defaultOf(variable), variable.kind.accepts, variable.meaning].map(cell).join(' | '),
    );
  const { title, about } = GROUPS[group];
  return [
    `## ${title}`,
    about,
    '| variable | default | accepts | meaning |\n| --- | --- | --- | --- |\n' +
      rows.map((row) => `| ${row} |`).join('\n'),
  ].join('\n\n');
}

/** Every variable of the table, one section per group, in the table's order. */
export function variableTables(): string {
  return (Object.keys(GROUPS) as GroupId[]).map(groupTable).join('\n\n');
}

/** `page` with its written part replaced by the table's current text, formatted as `npm run lint` checks it. */
export async function configurationPage(page: string): Promise<string> {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${CONFIGURATION_PAGE} must hold the lines\n${BEGIN}\n${END}`);
  const written = `${page.slice(0, begin)}${BEGIN}\n\n${variableTables()}\n\n${page.slice(end)}`;
  const options = await resolveConfig(CONFIGURATION_PAGE);
  return format(written, { ...options, filepath: CONFIGURATION_PAGE });
}
