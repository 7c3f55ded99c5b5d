import { badInput } from '../core/errors.js';
import { characterCount, hasControlCharacters, hasInvisibleFormatting, withoutUnsafeCharacters } from '../core/text.js';

/** The `movies.name` column holds 255 characters; longer is refused, never truncated. */
export const MAX_MOVIE_NAME_LENGTH = 255;

function checkedName(name: string, field: string): string {
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

/** The display name taken from an uploaded file's name: its base name, control and formatting characters stripped. */
export function nameFromFilename(filename: string | undefined): string {
  const base = withoutUnsafeCharacters(filename?.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .trim();
  if (!base) throw badInput('The file has no name: give the video a name with the `name` argument.', 'name');
  return checkedName(base, 'file');
}

/** What `movies(search:)` matches against: case folded the same way on every database. */
export function searchKeyOf(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;

/** The extension of an uploaded file's name (lower case, no dot), when it has a plausible one. */
export function extensionOf(filename: string | undefined): string | null {
  const base = filename?.split(/[/\\]/).pop() ?? '';
  const found = EXTENSION.exec(base);
  return found && found.index > 0 ? found[1]!.toLowerCase() : null;
}

/**
 * The name a download is saved under: the display name, with the uploaded file's extension added
 * when the display name has none (else the one its probed type implies), so the file opens.
 */
export function downloadNameOf(name: string, uploadedExtension: string | null, typeExtension: string | null): string {
  if (extensionOf(name)) return name;
  const extension = uploadedExtension ?? typeExtension;
  return extension ? `${name}.${extension}` : name;
}
