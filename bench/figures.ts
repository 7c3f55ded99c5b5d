import { writeFile } from 'node:fs/promises';

/** What a figure is compared with, measured in the same run on the same machine. */
export interface Baseline {
  value: number;
  unit: string;
  /** What the baseline is, for the table of docs/benchmarks.md and the JSON. */
  what: string;
}

/** One measured figure: `ratio` is value / baseline (for times, baseline / value: higher is better). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: Baseline | null;
  ratio: number | null;
  /** Said on the line after the ratio, e.g. that nginx was missing and what stood in for it. */
  note?: string;
}

function shown(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `bench <name>: <value> <unit> | baseline <value> <unit> | ratio <r>`, then ` | <note>` when there is one. */
export function figureLine(figure: Figure): string {
  const baseline = figure.baseline ? `${shown(figure.baseline.value)} ${figure.baseline.unit}` : 'none';
  const ratio = figure.ratio === null ? 'none' : figure.ratio.toFixed(2);
  const line = `bench ${figure.name}: ${shown(figure.value)} ${figure.unit} | baseline ${baseline} | ratio ${ratio}`;
  return figure.note ? `${line} | ${figure.note}` : line;
}

/** The run's figures as JSON, each with the line it printed. */
export async function writeResults(path: string, figures: Figure[], machine: Record<string, string>): Promise<void> {
  const results = {
    date: new Date().toISOString(),
    machine,
    figures: figures.map((f) => ({ ...f, line: figureLine(f) })),
  };
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
