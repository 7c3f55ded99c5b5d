/** The columns of the second table in a joined row come aliased as `<prefix><column>`. */
export function aliasedColumns(table: string, prefix: string, columns: readonly string[]): string[] {
  return columns.map((column) => `${table}.${column} as ${prefix}${column}`);
}

/** Splits a joined row into the first table's columns and the aliased second table's, unprefixed. */
export function splitJoinedRow(
  row: Record<string, unknown>,
  prefix: string,
): { main: Record<string, unknown>; aliased: Record<string, unknown> } {
  const main: Record<string, unknown> = {};
  const aliased: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(prefix)) aliased[column.slice(prefix.length)] = value;
    else main[column] = value;
  }
  return { main, aliased };
}
