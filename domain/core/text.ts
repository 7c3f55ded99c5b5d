/** Control characters and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_ALL = /[\p{Cc}\u2028\u2029]/gu;
/**
 * Invisible formatting (zero-width characters, bidirectional overrides and isolates): `a\u202Egnp.exe`
 * displays as `aexe.png`, and `admin\u200b` passes for `admin`.
 */
const INVISIBLE = /\p{Cf}/u;
const INVISIBLE_ALL = /\p{Cf}/gu;

/** Whether single-line text (a name, a title, a search) holds a character that breaks a line or a display. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Whether text holds a character that shows nothing itself but changes or hides what is shown around it. */
export function hasInvisibleFormatting(text: string): boolean {
  return INVISIBLE.test(text);
}

/** Text for display on one line: without control characters and invisible formatting. */
export function withoutUnsafeCharacters(text: string): string {
  return text.replace(CONTROL_ALL, '').replace(INVISIBLE_ALL, '');
}

/** Length in characters (code points), as a person and MySQL's VARCHAR count it. */
export function characterCount(text: string): number {
  return [...text].length;
}
