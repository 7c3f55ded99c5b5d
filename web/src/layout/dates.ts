// The one way the client writes a day, and a day with its time, in each language (en: "Dec 5, 2026,
// 11:45 PM"; zh: "2026年12月5日 23:45"). Pages show dates through date-text.tsx, which reads these;
// test/web-sources.test.ts refuses any other date formatting in web/src.

/** A day: when a video was uploaded. */
export const DATE_FORMAT = { dateStyle: 'medium' } as const satisfies Intl.DateTimeFormatOptions;

/** A moment: a session, a coin entry, a download, a notice, when something expires. */
export const DATE_TIME_FORMAT = {
  dateStyle: 'medium',
  timeStyle: 'short',
} as const satisfies Intl.DateTimeFormatOptions;
