import { FormattedMessage } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { MovieCard } from './movie-card';

const SHOWN = 8;

const MoreVideosQuery = graphql(`
  query MoreVideos($first: Int!) {
    movies(first: $first) {
      edges {
        node {
          id
          ...MovieCardFields
        }
      }
    }
  }
`);

/** Below a video: the newest others, to go on watching. */
export function MoreVideos({ except }: { except: string }) {
  // One more than shown, in case the video on the page is among them.
  const [{ data }] = useQuery({ query: MoreVideosQuery, variables: { first: SHOWN + 1 } });
  const others = (data?.movies.edges ?? []).filter((edge) => edge.node.id !== except).slice(0, SHOWN);
  if (others.length === 0) return null;
  return (
    <section aria-labelledby="more-videos" className="more-videos">
      <h2 id="more-videos">
        <FormattedMessage id="movie.more" />
      </h2>
      <ul className="cards">
        {others.map(({ node }) => (
          <MovieCard key={node.id} movie={node} />
        ))}
      </ul>
    </section>
  );
}
