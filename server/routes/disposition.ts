import { create } from 'content-disposition';

const PLACEHOLDER = '_';

/** `curl -OJ` ends the quoted name at any `"` (escaped or not) and keeps only what follows a `/` or `\`. */
function plainFallback(name: string): string {
  return name.replaceAll('"', "'").replace(/[\\/]/g, '_');
}

/**
 * A Content-Disposition (RFC 6266) whose `filename*` carries the name percent-encoded in UTF-8, for
 * browsers, and whose `filename` carries the same name as raw UTF-8 bytes, for clients that read
 * only `filename` (`curl -OJ` saves it byte for byte). The `content-disposition` package's own
 * fallback must be Latin-1 and turns every other character into `?`: a placeholder stands in for
 * it and is swapped for the raw bytes. Node sends a header's characters as single bytes, so the
 * UTF-8 bytes are handed over one per character.
 */
export function dispositionOf(type: 'attachment' | 'inline', name: string): string {
  const fallback = plainFallback(name);
  if (fallback === name && /^[\x20-\x7e]*$/.test(name)) return create(name, { type });
  const raw = Buffer.from(fallback, 'utf8').toString('latin1');
  // The package writes the placeholder as a token: `<type>; filename=_; filename*=UTF-8''…`.
  return create(name, { type, fallback: PLACEHOLDER }).replace(`filename=${PLACEHOLDER};`, `filename="${raw}";`);
}
