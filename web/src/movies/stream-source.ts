const HLS_TYPE = 'application/vnd.apple.mpegurl';

/** Stops whatever `attachSource` set up (hls.js, or nothing for a plain `src`). */
export type Detach = () => void;

/** Whether the page can feed a <video> itself (Media Source Extensions): what hls.js needs. */
function hasMediaSource(): boolean {
  return 'MediaSource' in window || 'ManagedMediaSource' in window;
}

/**
 * Plays `streamUrl` (an HLS master playlist) in `video`: through hls.js where the browser has Media
 * Source Extensions (hls.js picks the rendition for the connection), with the browser's own HLS where
 * it has only that (Safari on older iPhones). Chromium now also answers `canPlayType` for HLS, so
 * MSE is asked first, as hls.js advises. hls.js (the light build) is fetched only here, on the watch
 * page. Without a stream, or a browser that plays none, the original file plays as it is.
 */
export async function attachSource(
  video: HTMLVideoElement,
  streamUrl: string | null,
  fileUrl: string,
): Promise<Detach> {
  const plain = (url: string): Detach => {
    video.src = url;
    return () => {
      video.removeAttribute('src');
      // Without load() the element keeps fetching the file it was given.
      video.load();
    };
  };
  if (streamUrl && hasMediaSource()) {
    // A chunk that cannot be fetched (a deploy replaced it) leaves the original file to play.
    const loaded = await import('hls.js/light').catch(() => null);
    if (loaded?.default.isSupported()) {
      const Hls = loaded.default;
      const hls = new Hls();
      let fallback: Detach | undefined;
      // A stream that fails for good (its playlist refused, the network gone) gives way to the file.
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data.fatal || fallback) return;
        hls.destroy();
        fallback = plain(fileUrl);
      });
      hls.loadSource(streamUrl);
      hls.attachMedia(video);
      return () => (fallback ? fallback() : hls.destroy());
    }
  }
  return plain(streamUrl && video.canPlayType(HLS_TYPE) ? streamUrl : fileUrl);
}
