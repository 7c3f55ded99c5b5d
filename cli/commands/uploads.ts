import { show } from '../output.js';
import { checkPlayable, discardUpload, fingerprintOf, uploadVideo } from '../upload.js';
import type { Topic } from './context.js';

/** Sending videos (admins), and the fingerprint that tells whether one is already there. */
export const uploadCommands: Topic = (program, { api, json }) => {
  program
    .command('upload')
    .description('upload a video (admins), after checking that it is not there already; run again to resume')
    .argument('<file>')
    .option('--paid', 'a paid video (default: free)')
    .option('--name <name>', "the video's name (default: the file's name without its extension)")
    .option('--discard', 'throw away an unfinished upload of this file instead')
    .action(async (file, options) => {
      if (options.discard) {
        const discarded = await discardUpload(await api(), file);
        show(json(), { discarded }, () => console.log(discarded ? 'Discarded.' : 'No unfinished upload of this file.'));
        return;
      }
      const client = await api();
      const uploaded = await uploadVideo(client, file, options.paid !== true, options.name);
      const movie = { ...uploaded, isPlayable: await checkPlayable(client, file, uploaded.id) };
      show(json(), { movie }, () => console.log(`Uploaded “${movie.name}” as ${movie.id} (SHA-256 ${movie.sha256}).`));
    });

  program
    .command('fingerprint')
    .description('the fingerprint of a file, as uploadMovie and checkMovie expect it')
    .argument('<file>')
    .action(async (file) => {
      const result = await fingerprintOf(file);
      show(json(), result, () => console.log(result.fingerprint));
    });
};
