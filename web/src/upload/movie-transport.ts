import type { Client, CombinedError } from 'urql';
import { graphql } from '../gql';
import { fetchWithUploadProgress, type SendProgress } from '../graphql/xhr-fetch';

// The one place that knows how a video's bytes reach the server. Today: a GraphQL multipart
// request (`uploadMovie`). A resumable transport replaces this module and keeps its signature.

const UploadMovieMutation = graphql(`
  mutation UploadMovie($file: Upload!, $isFree: Boolean!, $fingerprint: String!, $name: String) {
    uploadMovie(file: $file, isFree: $isFree, fingerprint: $fingerprint, name: $name) {
      id
      name
    }
  }
`);

export interface MovieToSend {
  file: File;
  name: string;
  isFree: boolean;
  fingerprint: string;
}

export type SendResult = { movie: { id: string; name: string } } | { error: CombinedError } | { cancelled: true };

export async function sendMovie(
  client: Client,
  movie: MovieToSend,
  onProgress: (progress: SendProgress) => void,
  cancel: AbortSignal,
): Promise<SendResult> {
  const result = await client
    .mutation(
      UploadMovieMutation,
      { file: movie.file, isFree: movie.isFree, fingerprint: movie.fingerprint, name: movie.name.trim() || null },
      { fetch: fetchWithUploadProgress(onProgress, cancel), additionalTypenames: ['Movie'] },
    )
    .toPromise();
  if (cancel.aborted) return { cancelled: true };
  if (result.error) return { error: result.error };
  if (!result.data) return { cancelled: true };
  return { movie: result.data.uploadMovie };
}
