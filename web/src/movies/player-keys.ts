import { useEffect } from 'react';

const SEEK_SECONDS = 5;
const VOLUME_STEP = 0.1;

/** What each key does to the video, as common players have it. */
const ACTIONS: Record<string, (video: HTMLVideoElement) => void> = {
  ' ': togglePlay,
  k: togglePlay,
  ArrowLeft: (video) => seekBy(video, -SEEK_SECONDS),
  ArrowRight: (video) => seekBy(video, SEEK_SECONDS),
  ArrowUp: (video) => changeVolume(video, VOLUME_STEP),
  ArrowDown: (video) => changeVolume(video, -VOLUME_STEP),
  f: toggleFullscreen,
  m: (video) => {
    video.muted = !video.muted;
  },
};

function togglePlay(video: HTMLVideoElement): void {
  if (video.paused) void video.play().catch(() => undefined);
  else video.pause();
}

/** Moves the video to `seconds`, kept within its length. */
export function seekTo(video: HTMLVideoElement, seconds: number): void {
  const end = Number.isFinite(video.duration) ? video.duration : Infinity;
  video.currentTime = Math.min(end, Math.max(0, seconds));
}

function seekBy(video: HTMLVideoElement, seconds: number): void {
  seekTo(video, video.currentTime + seconds);
}

function changeVolume(video: HTMLVideoElement, step: number): void {
  video.volume = Math.min(1, Math.max(0, Math.round((video.volume + step) * 10) / 10));
  if (step > 0) video.muted = false;
}

function toggleFullscreen(video: HTMLVideoElement): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void video.requestFullscreen().catch(() => undefined);
}

/**
 * Whether a key pressed on `target` is the reader's typing or another control's, not the player's.
 * The seek bar is the player's: its arrows seek by the player's step.
 */
function belongsToTarget(target: EventTarget | null, player: Element): boolean {
  if (target === document.body) return false;
  if (!(target instanceof Element) || !player.contains(target)) return true;
  return target.matches('input:not([type=range]), textarea, select, [contenteditable]');
}

/**
 * The keyboard shortcuts of common players (space or k, arrows, f, m) while the focus is on the
 * player or on no control of the page, never while the reader types.
 */
export function usePlayerKeys(video: HTMLVideoElement | null, player: HTMLElement | null): void {
  useEffect(() => {
    if (!video || !player) return;
    const onKey = (event: KeyboardEvent) => {
      const action = ACTIONS[event.key];
      if (!action || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (belongsToTarget(event.target, player)) return;
      event.preventDefault();
      action(video);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [video, player]);
}
