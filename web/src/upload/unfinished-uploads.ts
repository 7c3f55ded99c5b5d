import { graphql } from '../gql';
import type { ResumableUploadsQuery } from '../gql/graphql';

// Uploads this admin began and did not finish, as the server keeps them (in any browser, after a
// reload, from the command line): what was chosen for each at creation comes back with it.

export const ResumableUploadsDocument = graphql(`
  query ResumableUploads {
    resumableUploads {
      id
      url
      size
      offset
      name
      description
      isFree
      filename
      fingerprint
      expiresAt
    }
  }
`);

export type UnfinishedUpload = ResumableUploadsQuery['resumableUploads'][number];

/** Whether `file` is the file of `upload`: the same size, and the same fingerprint when it was kept. */
export function isFileOf(upload: UnfinishedUpload, file: File, fingerprint: string): boolean {
  return upload.size === file.size && (upload.fingerprint === null || upload.fingerprint === fingerprint);
}
