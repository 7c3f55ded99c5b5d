import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileDecider } from '../server/graphql/compiled-execution.js';

/** Which runs of a document execute as compiled code (server/graphql/compiled-execution.ts); every suite runs through both. */
describe('compiled execution', () => {
  it('compiles a document from its third run on, so that one-off documents cost no compiling', () => {
    const shouldCompile = compileDecider();
    const list = parse('{ movies(first: 20) { totalCount } }');
    const other = parse('{ movies(first: 20) { totalCount } }');
    expect([1, 2, 3, 4].map(() => shouldCompile(list))).toEqual([false, false, true, true]);
    // Counted per document object: Yoga hands out one per query text.
    expect(shouldCompile(other)).toBe(false);
  });

  it('leaves subscriptions to graphql-js', () => {
    const shouldCompile = compileDecider();
    const subscription = parse('subscription { notices { id } }');
    expect([1, 2, 3, 4].map(() => shouldCompile(subscription))).toEqual([false, false, false, false]);
  });
});
