/** Counters kept by ADDs in the transactions of the writes they count (behavior, posted marks): names to numbers. */
export type Counts = Readonly<Record<string, number>>;

/** after − before, without the counters that did not move. */
export function countsDelta(before: Counts, after: Counts): Counts {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const delta: Record<string, number> = {};
  for (const name of names) {
    const change = (after[name] ?? 0) - (before[name] ?? 0);
    if (change !== 0) delta[name] = change;
  }
  return delta;
}
