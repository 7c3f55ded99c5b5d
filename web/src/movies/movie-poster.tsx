import { graphql, useFragment, type FragmentType } from '../gql';

// The picture and running time of a card. The server does not yet give a movie a poster or a
// duration; when it does, they join this fragment and this component, and nothing else changes.
export const MoviePosterFields = graphql(`
  fragment MoviePosterFields on Movie {
    id
  }
`);

export function MoviePoster(props: { movie: FragmentType<typeof MoviePosterFields> }) {
  useFragment(MoviePosterFields, props.movie);
  return (
    <div className="poster" aria-hidden="true">
      ▶
    </div>
  );
}
