import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { graphql, useFragment, type FragmentType } from '../gql';
import { useSecondsUntil } from './countdown';
import { autoplay } from './autoplay';
import { usePlayerKeys } from './player-keys';
import { SeekBar } from './seek-bar';
import { attachSource } from './stream-source';

export const TicketFields = graphql(`
  fragment TicketFields on DownloadTicket {
    url
    streamUrl
    availableAt
    expiresAt
    price
    movie {
      id
      name
      downloadName
      isPlayable
      previewsUrl
    }
  }
`);

/** The ticket's URL asking to be shown in the page (`inline=1`) rather than saved as a file. */
function inlineUrl(url: string): string {
  const inline = new URL(url, window.location.href);
  inline.searchParams.set('inline', '1');
  return inline.href;
}

/**
 * The <video>, fed by the stream when the ticket has one, else by the original file, and started at
 * once (the countdown is over); the keyboard drives it while the focus is on the player or nowhere,
 * and a seek bar with previews lies under it.
 */
function Video(props: { streamUrl: string | null; fileUrl: string; previewsUrl: string | null; label: string }) {
  const { streamUrl, fileUrl } = props;
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [player, setPlayer] = useState<HTMLDivElement | null>(null);
  usePlayerKeys(video, player);
  useEffect(() => {
    if (!video) return;
    let detach: (() => void) | undefined;
    let unmounted = false;
    void attachSource(video, streamUrl, inlineUrl(fileUrl)).then((attached) => {
      if (unmounted) return attached();
      detach = attached;
      void autoplay(video);
    });
    return () => {
      unmounted = true;
      detach?.();
    };
  }, [video, streamUrl, fileUrl]);
  return (
    <div ref={setPlayer} className="video">
      <video ref={setVideo} controls preload="metadata" aria-label={props.label} />
      {video && <SeekBar video={video} previewsUrl={props.previewsUrl} />}
    </div>
  );
}

/** Counts down to the ticket's availableAt, then plays the video (unless it has no picture) and offers the file. */
export function Player(props: { ticket: FragmentType<typeof TicketFields> }) {
  const ticket = useFragment(TicketFields, props.ticket);
  const seconds = useSecondsUntil(ticket.availableAt);
  if (seconds > 0)
    return (
      <p role="timer" aria-live="polite" className="countdown">
        <FormattedMessage id="movie.countdown" values={{ seconds }} />
      </p>
    );
  return (
    <section className="player">
      {ticket.movie.isPlayable !== false && (
        <Video
          streamUrl={ticket.streamUrl ?? null}
          fileUrl={ticket.url}
          previewsUrl={ticket.movie.previewsUrl ?? null}
          label={ticket.movie.name}
        />
      )}
      <p>
        <a href={ticket.url} download={ticket.movie.downloadName}>
          <FormattedMessage id="movie.saveFile" />
        </a>
      </p>
    </section>
  );
}
