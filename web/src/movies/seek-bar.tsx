import { useEffect, useState, type CSSProperties, type PointerEvent } from 'react';
import { useIntl } from 'react-intl';
import { formatDuration } from '../layout/format';
import { seekTo } from './player-keys';
import { cueAt, parsePreviewCues, type PreviewCue } from './preview-cues';

/** The video's position and length, kept current as it plays or seeks. */
function usePosition(video: HTMLVideoElement) {
  const [position, setPosition] = useState({ time: video.currentTime, duration: video.duration });
  useEffect(() => {
    const update = () => setPosition({ time: video.currentTime, duration: video.duration });
    const events = ['timeupdate', 'durationchange', 'loadedmetadata', 'seeking', 'emptied'];
    for (const event of events) video.addEventListener(event, update);
    return () => events.forEach((event) => video.removeEventListener(event, update));
  }, [video]);
  return { time: position.time, duration: Number.isFinite(position.duration) ? position.duration : 0 };
}

/** The previews' cues, once fetched (none while they load, or when there are none or they fail). */
function usePreviewCues(previewsUrl: string | null): PreviewCue[] {
  const [cues, setCues] = useState<PreviewCue[]>([]);
  useEffect(() => {
    if (!previewsUrl) return;
    const aborted = new AbortController();
    void fetch(previewsUrl, { signal: aborted.signal })
      .then((response) => (response.ok ? response.text() : ''))
      .then((vtt) => setCues(parsePreviewCues(vtt, new URL(previewsUrl, window.location.href).href)))
      // A seek bar without pictures still seeks.
      .catch(() => undefined);
    return () => aborted.abort();
  }, [previewsUrl]);
  return cues;
}

/** The sprite sheet as a background, moved so that only the cue's tile shows (set through the CSSOM: the CSP allows it). */
function tileStyle(cue: PreviewCue): CSSProperties {
  return {
    backgroundImage: `url("${cue.image}")`,
    backgroundPosition: [-cue.x, -cue.y].map((offset) => `${offset}px`).join(' '),
    width: cue.width,
    height: cue.height,
  };
}

/** The tile of the sprite sheet for `cue`, over the bar at `left` (a fraction of its width). */
function PreviewTile({ cue, time, left }: { cue: PreviewCue | undefined; time: number; left: number }) {
  return (
    <div className="seek-preview" aria-hidden="true" style={{ left: `${left * 100}%` }}>
      {cue && <div className="seek-tile" style={tileStyle(cue)} />}
      <span>{formatDuration(time)}</span>
    </div>
  );
}

/**
 * A seek bar under the video (a range input, read out as "0:12 of 1:05"). Hovering it, or dragging
 * its thumb, shows the previews' tile for that instant, which the browser's own controls cannot.
 */
export function SeekBar({ video, previewsUrl }: { video: HTMLVideoElement; previewsUrl: string | null }) {
  const intl = useIntl();
  const { time, duration } = usePosition(video);
  const cues = usePreviewCues(previewsUrl);
  const [hovered, setHovered] = useState<number | null>(null);
  const hover = (event: PointerEvent<HTMLInputElement>) => {
    const bar = event.currentTarget.getBoundingClientRect();
    setHovered(Math.min(1, Math.max(0, (event.clientX - bar.left) / bar.width)));
  };
  const text = intl.formatMessage(
    { id: 'player.position' },
    { time: formatDuration(time), duration: formatDuration(duration) },
  );
  return (
    <div className="seek-bar">
      {hovered !== null && duration > 0 && (
        <PreviewTile cue={cueAt(cues, hovered * duration)} time={hovered * duration} left={hovered} />
      )}
      <input
        type="range"
        min={0}
        max={duration}
        step="any"
        value={Math.min(time, duration)}
        disabled={duration === 0}
        aria-label={intl.formatMessage({ id: 'player.seek' })}
        aria-valuetext={text}
        onChange={(event) => seekTo(video, Number(event.target.value))}
        onPointerMove={hover}
        onPointerDown={hover}
        onPointerLeave={() => setHovered(null)}
      />
    </div>
  );
}
