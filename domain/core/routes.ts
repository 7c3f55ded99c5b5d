// Where the server answers, in one place: the server's routes, the schema's URLs, the metrics'
// labels, nginx's configuration (deploy/render-nginx.ts), the web client and the command line all
// read these. Pure (no Node imports), as the browser imports it too.

/** The API's paths, each named by its first segment; everything else belongs to the web client. */
export const ROUTES = {
  graphql: '/graphql',
  uploads: '/uploads',
  media: '/media',
  posters: '/posters',
  previews: '/previews',
  healthz: '/healthz',
  metrics: '/metrics',
} as const;

export type Route = keyof typeof ROUTES;

/**
 * nginx's `internal` location over MEDIA_DIR (MEDIA_OFFLOAD=x-accel): the server names a file under
 * it in `X-Accel-Redirect`, and nginx sends it. Never reachable from outside; not an API path.
 */
export const MEDIA_FILES_PATH = '/_media-files';

/** GraphiQL's files, under the API's own path, which a reverse proxy already passes to the server. */
export const GRAPHIQL_ASSETS_PATH = `${ROUTES.graphql}/assets`;

const NAMES = new Set<string>(Object.keys(ROUTES));

/** The route a request's path falls under (the path itself or below it); undefined for the web client's. */
export function routeOf(path: string): Route | undefined {
  const first = /^\/([^/]*)(\/|$)/.exec(path)?.[1];
  return first !== undefined && NAMES.has(first) ? (first as Route) : undefined;
}

/** Where a download ticket's bytes are served: the route finds the video by the token, never by a path. */
export function mediaPath(token: string): string {
  return `${ROUTES.media}/${token}`;
}

/** Where a poster is served, by the last segment of its key. */
export function posterPath(file: string): string {
  return `${ROUTES.posters}/${file}`;
}

/** Where a movie's seek-bar previews are served: the WebVTT file of its previews folder. */
export function previewsPath(folder: string): string {
  return `${ROUTES.previews}/${folder}/previews.vtt`;
}

/** A resumable upload's own URL path (tus): HEAD, PATCH and DELETE go there. */
export function uploadPath(id: string): string {
  return `${ROUTES.uploads}/${id}`;
}

/** The files of a ticket's HLS stream, under its media path: `master.m3u8` and what that names. */
export function streamPath(token: string, file = 'master.m3u8'): string {
  return `${mediaPath(token)}/stream/${file}`;
}
