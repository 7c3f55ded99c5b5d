import { expect } from 'vitest';
import { REFUSALS, refusalKey } from '../../domain/core/errors.js';

const LISTED = new Set<string>(REFUSALS.map(refusalKey));

/**
 * Passes when an error the server sent names a refusal of domain/core/errors.ts's list (or is a masked
 * fault): the list the clients hold a sentence for is the list the server sends.
 */
export function expectListedRefusal(extensions: Record<string, unknown> | undefined, label: string): void {
  const { code, field, reason } = extensions ?? {};
  if (code === 'INTERNAL_SERVER_ERROR') return;
  const key = [code, field, reason].filter(Boolean).join('.');
  expect(LISTED.has(key), `${label}: ${key} is not a refusal of domain/core/errors.ts`).toBe(true);
}
