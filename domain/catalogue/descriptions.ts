import { badInput } from '../core/errors.js';
import { characterCount } from '../core/text.js';

/** A description is plain text a viewer reads under the video: a few paragraphs at most. */
export const MAX_DESCRIPTION_LENGTH = 5000;

/** Control characters other than a line break or a tab (and the Unicode separators: lines are `\n`). */
const CONTROL_BUT_LINES = /[\p{Cc}\u2028\u2029]/u;

/**
 * A description as an admin wrote it: NFC, trimmed, line ends as `\n`; may be empty. Refused when
 * longer than MAX_DESCRIPTION_LENGTH or holding control characters other than line breaks and tabs.
 */
export function normaliseDescription(raw: string): string {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const length = characterCount(text);
  if (length > MAX_DESCRIPTION_LENGTH) {
    throw badInput(
      `The description must be at most ${MAX_DESCRIPTION_LENGTH} characters (it has ${length}).`,
      'description',
    );
  }
  if (CONTROL_BUT_LINES.test(text.replace(/[\n\t]/g, ''))) {
    throw badInput(
      'The description must not contain control characters other than line breaks and tabs.',
      'description',
    );
  }
  return text;
}
