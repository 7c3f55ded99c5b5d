import { CombinedError } from '@urql/core';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, REFUSALS, refusalKey, type Refusal } from '../domain/core/errors.js';
import { ERROR_SENTENCES, errorMessageId, errorValues, failureOf } from '../web/src/graphql/errors.js';
import en from '../web/src/i18n/messages/en.json' with { type: 'json' };
import zh from '../web/src/i18n/messages/zh.json' with { type: 'json' };

const CATALOGUES: [string, Record<string, string>][] = [
  ['en', en],
  ['zh', zh],
];

/** What the server sends beside a refusal's naming, where it sends anything (a balance, a price, a limit). */
const VALUES = { balance: 3, price: 10, limit: 1024, retryAfterSeconds: 60, movieId: 'TW92aWU6MQ' };

/** A failed operation as urql hands it to the web client. */
function failed(extensions: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [{ message: 'the server’s own words', extensions }] });
}

function sentence(catalogue: Record<string, string>, id: string, values: Record<string, string | number>): string {
  const message = catalogue[id];
  if (message === undefined) throw new Error(`no message ${id}`);
  return String(new IntlMessageFormat(message, 'en').format(values));
}

describe('the web client’s sentence for each refusal the server names', () => {
  it.each(REFUSALS.map((refusal): [string, Refusal] => [refusalKey(refusal), refusal]))(
    '%s has its own sentence, in English and Chinese',
    (key, refusal) => {
      const error = failed({ ...refusal, ...VALUES });
      expect(failureOf(error)).toBe(key);
      const id = errorMessageId(error);
      expect(id).toBe(ERROR_SENTENCES[failureOf(error)]);
      for (const [language, catalogue] of CATALOGUES) {
        const text = sentence(catalogue, id, errorValues(error));
        expect(text.trim(), `${key} in ${language}`).not.toBe('');
        // Named more closely than by its code, it says more than the code's sentence does.
        if (refusal.field || refusal.reason) {
          const general = sentence(catalogue, ERROR_SENTENCES[refusal.code], {});
          expect(text, `${key} in ${language}`).not.toBe(general);
        }
      }
    },
  );

  it('tells a bad id from locking one’s own account', () => {
    const badId = errorMessageId(failed({ code: 'BAD_USER_INPUT', field: 'id' }));
    const ownAccount = errorMessageId(failed({ code: 'BAD_USER_INPUT', field: 'id', reason: 'OWN_ACCOUNT' }));
    expect(en[badId]).not.toBe(en[ownAccount]);
    expect(en[badId]).not.toMatch(/own account/);
  });

  it('names the balance of a debit the balance cannot cover', () => {
    const error = failed({ code: 'INSUFFICIENT_FUNDS', field: 'amount', balance: 3 });
    expect(sentence(en, errorMessageId(error), errorValues(error))).toContain('3 coins');
    expect(sentence(zh, errorMessageId(error), errorValues(error))).toContain('3');
  });

  it('reads what a newer server names more closely as the closest refusal it knows', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'BAD_USER_INPUT', field: 'name', reason: 'SOMETHING_NEW' }, 'BAD_USER_INPUT.name'],
      [{ code: 'BAD_USER_INPUT', field: 'somethingNew', reason: 'QUERY_TOO_DEEP' }, 'BAD_USER_INPUT.QUERY_TOO_DEEP'],
      [{ code: 'NOT_FOUND', field: 'somethingNew' }, 'NOT_FOUND'],
      [{ code: 'SOMETHING_NEW' }, 'INTERNAL_SERVER_ERROR'],
    ];
    for (const [extensions, key] of cases) expect(failureOf(failed(extensions)), JSON.stringify(extensions)).toBe(key);
    expect(failureOf(new CombinedError({ networkError: new Error('refused') }))).toBe('NETWORK');
  });

  it('has a sentence for every code alone', () => {
    for (const code of ERROR_CODES) expect(REFUSALS.map(refusalKey)).toContain(code);
  });
});
