/** Control characters and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_ALL = /[\p{Cc}\u2028\u2029]/gu;

/** Whether single-line text (a name, a title) holds a character that breaks a line or a display. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_ALL, '');
}

/** Length in characters (code points), as a person and MySQL's VARCHAR count it. */
export function characterCount(text: string): number {
  return [...text].length;
}
