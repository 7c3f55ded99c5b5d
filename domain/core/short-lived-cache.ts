/** A monotonic time in milliseconds: a cache's bound is real time, whatever the rules' clock says. */
export type Monotonic = () => number;

interface Entry<V> {
  at: number;
  value: Promise<V>;
}

/**
 * Answers remembered for at most `ttlMs`, at most `maxEntries` of them (the oldest go first). It
 * keeps the promise, so that requests arriving together while the first one asks share its
 * answer; an answer that `keep` refuses, or a failure, is forgotten as soon as it is known.
 * `ttlMs` 0 remembers nothing.
 */
export class ShortLivedCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly keep: (value: V) => boolean = () => true,
    private readonly monotonic: Monotonic = () => performance.now(),
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs === 0) return load();
    const now = this.monotonic();
    const known = this.entries.get(key);
    if (known && now - known.at < this.ttlMs) return known.value;
    if (known) this.entries.delete(key);
    const value = load();
    this.remember(key, { at: now, value });
    value.then(
      (answer) => {
        if (!this.keep(answer)) this.forget(key, value);
      },
      () => this.forget(key, value),
    );
    return value;
  }

  private remember(key: K, entry: Entry<V>): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, entry);
  }

  /** Only the entry of this very load: a newer one for the same key stays. */
  private forget(key: K, value: Promise<V>): void {
    if (this.entries.get(key)?.value === value) this.entries.delete(key);
  }
}
