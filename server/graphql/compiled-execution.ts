import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, OperationTypeNode, type DocumentNode } from 'graphql';

/** The run of a document from which on it executes as compiled code. */
const COMPILE_FROM_RUN = 3;

/**
 * Whether this run of `document` should execute as compiled code: from its third run on, so that
 * the few documents clients send again and again are compiled once, while a stream of one-off
 * documents costs no compiling (0.8 ms for a page of movies, 10 ms for a large document: more
 * than running it once). Yoga hands out one document object per query text, so runs are counted
 * per text; the counts go with the documents. Subscriptions (the schema has none) stay with graphql-js, which says so.
 */
export function compileDecider(): (document: DocumentNode, operationName?: string | null) => boolean {
  const runs = new WeakMap<DocumentNode, number>();
  return (document, operationName) => {
    if (getOperationAST(document, operationName)?.operation === OperationTypeNode.SUBSCRIPTION) return false;
    const run = (runs.get(document) ?? 0) + 1;
    runs.set(document, run);
    return run >= COMPILE_FROM_RUN;
  };
}

/**
 * Executes repeated queries and mutations with graphql-jit: a page of 20 movies cost a fifth less
 * CPU than through graphql-js's executor (docs/benchmarks.md).
 */
export function useCompiledExecution(): ReturnType<typeof useGraphQlJit> {
  const shouldCompile = compileDecider();
  return useGraphQlJit({}, { enableIf: ({ document, operationName }) => shouldCompile(document, operationName) });
}
