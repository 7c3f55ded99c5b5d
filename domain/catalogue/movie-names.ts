import { badInput } from '../core/errors.js';
import { characterCount, hasControlCharacters, hasInvisibleFormatting, withoutUnsafeCharacters } from '../core/text.js';

/** The `movies.name` column holds 255 characters; longer is refused, never truncated. */
export const MAX_MOVIE_NAME_LENGTH = 255;

function checkedName(name: string, field: 'name' | 'file'): string {
  const length = characterCount(name);
  if (length === 0) throw badInput('The video name must not be empty.', field);
  if (length > MAX_MOVIE_NAME_LENGTH) {
    throw badInput(`The video name must be at most ${MAX_MOVIE_NAME_LENGTH} characters (it has ${length}).`, field);
  }
  return name;
}

/** A display name given by an admin: trimmed, NFC, no control characters nor invisible formatting. */
export function normaliseMovieName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (hasControlCharacters(name)) throw badInput('The video name must not contain control characters.', 'name');
  if (hasInvisibleFormatting(name)) {
    throw badInput(
      'The video name must not contain invisible formatting characters (such as direction overrides).',
      'name',
    );
  }
  return checkedName(name, 'name');
}

/** A file's name without its folders, control and formatting characters stripped, NFC, trimmed. */
function baseNameOf(filename: string | undefined): string {
  return withoutUnsafeCharacters(filename?.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .trim();
}

/** The display name taken from an uploaded file's name when none is given: its base name. */
export function nameFromFilename(filename: string | undefined): string {
  const base = baseNameOf(filename);
  if (!base) throw badInput('The file has no name: give the video a name with the `name` argument.', 'name');
  return checkedName(base, 'file');
}

/** What `movies(search:)` matches against: case folded the same way on every database. */
export function searchKeyOf(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** How long the sort key of a name is: what an index holds on MySQL (255 characters of utf8mb4). */
const NAME_ORDER_LENGTH = 255;

/**
 * The columns a display name is kept in: the name, the key a search matches, and the key the NAME
 * sort compares (the search key cut to what an index holds; names equal that far follow by id).
 */
export function nameColumnsOf(name: string): { name: string; search_key: string; name_order: string } {
  const searchKey = searchKeyOf(name);
  return { name, search_key: searchKey, name_order: [...searchKey].slice(0, NAME_ORDER_LENGTH).join('') };
}

const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;

/** The extension of an uploaded file's name (lower case, no dot), when it has a plausible one. */
export function extensionOf(filename: string | undefined): string | null {
  const base = filename?.split(/[/\\]/).pop() ?? '';
  const found = EXTENSION.exec(base);
  return found && found.index > 0 ? found[1]!.toLowerCase() : null;
}

/**
 * The name the clients (web and command line) propose for a video uploaded from `filename`: its base
 * name without the extension, which the server keeps apart and every download adds back. Pure, so
 * that both clients apply this one rule.
 */
export function defaultMovieName(filename: string): string {
  const base = baseNameOf(filename);
  const extension = extensionOf(base);
  return extension ? base.slice(0, -extension.length - 1).trim() : base;
}

/**
 * The name a download is saved under: the display name, ending in the uploaded file's extension
 * (added unless the name already ends in it), so the file opens as what it is; for an upload
 * without one, a name that has an extension is kept, else the probed type's is added.
 */
export function downloadNameOf(name: string, uploadedExtension: string | null, typeExtension: string | null): string {
  const extension = uploadedExtension ?? (extensionOf(name) ? null : typeExtension);
  return extension && !name.toLowerCase().endsWith(`.${extension}`) ? `${name}.${extension}` : name;
}
