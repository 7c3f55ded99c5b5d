import { FormattedMessage } from 'react-intl';
import { graphql, useFragment, type FragmentType } from '../gql';
import { useSecondsUntil } from './countdown';

export const TicketFields = graphql(`
  fragment TicketFields on DownloadTicket {
    url
    availableAt
    expiresAt
    price
    movie {
      id
      name
    }
  }
`);

/** Counts down to the ticket's availableAt, then plays the video and offers the file. */
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
      <video controls preload="metadata" src={ticket.url} aria-label={ticket.movie.name} />
      <p>
        <a href={ticket.url} download={ticket.movie.name}>
          <FormattedMessage id="movie.saveFile" />
        </a>
      </p>
    </section>
  );
}
