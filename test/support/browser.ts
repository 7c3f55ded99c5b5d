import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import en from '../../web/src/i18n/messages/en.json' with { type: 'json' };
import zh from '../../web/src/i18n/messages/zh.json' with { type: 'json' };
import { DATE_FORMAT, DATE_TIME_FORMAT } from '../../web/src/layout/dates.js';

/** Debian's Chromium; the browser suites never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Whether the browser suites run: always when Chromium is installed; with CI=true its absence
 * fails them rather than skipping them.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but there is no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  console.warn(`SKIPPED: the browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`);
  return false;
}

/** A fresh Chromium (playwright gives each launch a new temporary profile). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type Locale = 'en' | 'zh';
const CATALOGUES: Record<Locale, Record<string, string>> = { en, zh };

/** The client's own text for message `id` in `locale`, to find what a person would read. */
export function messagesOf(locale: Locale) {
  return (id: string, values: Record<string, string | number | boolean> = {}): string => {
    const message = CATALOGUES[locale][id];
    if (message === undefined) throw new Error(`no message ${id}`);
    return String(new IntlMessageFormat(message, locale === 'zh' ? 'zh-CN' : 'en').format(values));
  };
}

/**
 * Expects the page to show dates, each in one of the client's two formats for the page's language
 * (a day, or a day with its time: web/src/layout/dates.ts), read from the instant its <time> holds.
 */
export async function expectOneDateFormat(page: Page): Promise<void> {
  const dates = await page.locator('time').evaluateAll(
    (elements: HTMLTimeElement[], formats) =>
      elements.map((element) => ({
        shown: element.textContent,
        allowed: formats.map((format) =>
          new Intl.DateTimeFormat(document.documentElement.lang, format).format(new Date(element.dateTime)),
        ),
      })),
    [DATE_FORMAT, DATE_TIME_FORMAT] as Intl.DateTimeFormatOptions[],
  );
  expect(dates.length).toBeGreaterThan(0);
  for (const { shown, allowed } of dates) expect(allowed).toContain(shown);
}

/** Screenshots are test output (gitignored), kept to look at after a run. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '../../test-output/browser');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Opens the header's menu where a narrow screen has folded its links and settings into it. */
export async function openMenu(page: Page): Promise<void> {
  const button = page.locator('header.top .menu-button');
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** A link of the header by its exact text, reached as a person would: through the menu on a phone. */
export async function headerLink(page: Page, name: string): Promise<Locator> {
  const link = page.locator('header.top').getByRole('link', { name, exact: true });
  // The header may still be drawn again (as a session starts): open the menu until the link shows.
  await expect
    .poll(async () => {
      await openMenu(page);
      return link.isVisible();
    })
    .toBe(true);
  return link;
}

/** axe-core's browser bundle, injected into a page (whose context must lift the CSP for it: `bypassCSP`). */
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The rules of WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** What axe finds against WCAG 2.1 A and AA on the page as it is now, in a line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await readFile(AXE_SOURCE, 'utf8') });
  const found = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run({ runOnly: { type: 'tag', values: tags } })).violations;
  }, WCAG_AA);
  return found.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
