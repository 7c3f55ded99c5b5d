import type { Response } from 'express';

/**
 * Everything a page loads comes from this origin, and no script is inline: a page that another site
 * injects text into cannot run it, and no site may frame it. The one exception is `blob:` for media
 * and workers, made by the page itself: hls.js feeds the <video> through a MediaSource object URL
 * and runs its demuxer in a worker it starts from a blob.
 */
function contentSecurityPolicy({ styles, images }: { styles: string; images: string }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styles}`,
    `img-src ${images}`,
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const POLICIES = {
  webClient: contentSecurityPolicy({ styles: "'self'", images: "'self'" }),
  // Monaco, GraphiQL's editor, writes <style> elements and style attributes as it draws
  // (microsoft/monaco-editor#271): blocked, the lines of an answer lie on top of each other. It
  // also draws the wavy underline of an error as a `data:` SVG. Its page holds no one's text but
  // the editor's; scripts and everything else stay as strict.
  graphiql: contentSecurityPolicy({ styles: "'self' 'unsafe-inline'", images: "'self' data:" }),
};

/** The headers of the pages the server serves and of the files they load. */
export function securityHeaders(res: Response, page: keyof typeof POLICIES = 'webClient'): void {
  res.setHeader('Content-Security-Policy', POLICIES[page]);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}
