/**
 * Starts the video as soon as it may: with sound if the browser allows it, muted if it refuses to
 * start a video with sound that the reader did not start by hand (`NotAllowedError`), as browsers'
 * autoplay rules have it. A play cut short by leaving the page is no failure.
 */
export async function autoplay(video: HTMLVideoElement): Promise<void> {
  try {
    await video.play();
  } catch (error) {
    if (!(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
    video.muted = true;
    await video.play().catch(() => undefined);
  }
}
