import Table from 'cli-table3';

/** Prints `data` as one JSON document on stdout with `--json`, else as `human` says. */
export function show(json: boolean, data: unknown, human: () => void): void {
  if (json) process.stdout.write(`${JSON.stringify(data)}\n`);
  else human();
}

type Cell = string | number | boolean | null | undefined;

/** Rows as a plain table for people (wide characters, such as Chinese, keep their columns aligned). */
export function printTable(head: string[], rows: Cell[][]): void {
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  });
  table.push(...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell)))));
  const lines = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  process.stdout.write(`${rows.length ? lines.join('\n') : '(none)'}\n`);
}

/** Fields of one record, one `name: value` line each. */
export function printRecord(record: Record<string, Cell>): void {
  for (const [key, value] of Object.entries(record)) process.stdout.write(`${key}: ${value ?? ''}\n`);
}
