import type { Knex } from 'knex';
import { Notice } from '../../db/models/notice.js';
import { badInput } from '../core/errors.js';
import { characterCount, hasControlCharacters, hasInvisibleFormatting } from '../core/text.js';
import { fetchPage, type Page, type PageRequest } from '../core/pagination.js';

const MAX_TITLE = 200;
const MAX_CONTENT = 20_000;

function checkedText(raw: string, field: 'title' | 'content', max: number): string {
  const text = raw.normalize('NFC').trim();
  const length = characterCount(text);
  if (length === 0) throw badInput(`The ${field} must not be empty.`, field);
  if (length > max) throw badInput(`The ${field} must be at most ${max} characters.`, field);
  return text;
}

export interface NoticeInput {
  title: string;
  content: string;
}

export async function releaseNotice(db: Knex, authorId: number, input: NoticeInput): Promise<Notice> {
  const title = checkedText(input.title, 'title', MAX_TITLE);
  if (hasControlCharacters(title) || hasInvisibleFormatting(title))
    throw badInput('The title must be a single line without control or invisible formatting characters.', 'title');
  const content = checkedText(input.content, 'content', MAX_CONTENT);
  const [id] = await db('notices').insert({ title, content, author_id: authorId, created_at: new Date() });
  return Notice.query(db).findById(id!).throwIfNotFound();
}

/** Notices, newest first. */
export function listNotices(db: Knex, page: PageRequest): Promise<Page<Notice>> {
  return fetchPage(Notice.query(db), 'id', page);
}
