import { History } from '../documents.js';
import { downloadVideo } from '../download.js';
import { printTable, show } from '../output.js';
import type { Topic } from './context.js';
import { pages } from './pages.js';

/** Downloading a video (paying for it when it is paid), and the history of downloads. */
export const downloadCommands: Topic = (program, { api, json }) => {
  program
    .command('download')
    .description('download a video, resuming an earlier try; a paid one asks for confirmation')
    .argument('<id>')
    .option('-o, --output <path>', 'the file, or a folder for it (default: the video’s name, here)')
    .option('--yes', 'pay without asking')
    .action(async (id, options) => {
      const downloaded = await downloadVideo(await api(), id, options.output, options.yes === true);
      show(json(), { download: downloaded }, () => console.log(`Saved ${downloaded.path} (SHA-256 checked).`));
    });

  program
    .command('history')
    .description('your downloads, newest first')
    .option('--all', 'every page')
    .action(async (options) => {
      const client = await api();
      const downloads = await pages(
        options.all === true,
        async (after) => (await client.query(History, { first: 100, after })).downloadRecords,
      );
      show(json(), { downloads }, () =>
        printTable(
          ['when', 'video', 'price'],
          downloads.map((d) => [d.downloadedAt, d.movie.name, d.price]),
        ),
      );
    });
};
