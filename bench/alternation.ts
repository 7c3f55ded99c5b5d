/**
 * A figure of ours and of its baseline, measured in the order ours, theirs, theirs, ours after a
 * warm-up of each, so that a neighbour's burst on this shared machine weighs on both alike;
 * `mean` joins the two measures of each.
 */
export async function alternately<S, T>(
  ours: S,
  theirs: S,
  measure: (subject: S, warmUp: boolean) => Promise<T>,
  mean: (a: T, b: T) => T,
): Promise<{ ours: T; theirs: T }> {
  await measure(ours, true);
  await measure(theirs, true);
  const a = await measure(ours, false);
  const b = await measure(theirs, false);
  const c = await measure(theirs, false);
  return { ours: mean(a, await measure(ours, false)), theirs: mean(b, c) };
}

export const meanOf = (a: number, b: number) => (a + b) / 2;

/** The middle of a set of measures: one neighbour's burst moves it less than it moves the mean. */
export function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
