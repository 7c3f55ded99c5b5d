import { Option } from '@commander-js/extra-typings';
import { DeleteMovie, MovieById, Movies } from '../documents.js';
import { CliError } from '../errors.js';
import { printRecord, printTable, show } from '../output.js';
import { wholeNumber } from './arguments.js';
import type { Topic } from './context.js';
import { pages } from './pages.js';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The catalogue: list the videos, read one, delete one (admins). */
export const movieCommands: Topic = (program, { api, json }) => {
  program
    .command('movies')
    .description('list the videos, newest first')
    .addOption(
      new Option('--type <type>', 'which videos').choices(['all', 'free', 'charge'] as const).default('all' as const),
    )
    .option('--search <text>', 'part of the name')
    .option('--first <n>', 'how many (a page, at most 100)', wholeNumber, 20)
    .option('--all', 'every page')
    .action(async (options) => {
      const client = await api();
      const type = options.type.toUpperCase() as 'ALL' | 'FREE' | 'CHARGE';
      const movies = await pages(options.all === true, async (after) => {
        const data = await client.query(Movies, { type, search: options.search, first: options.first, after });
        return data.movies;
      });
      show(json(), { movies }, () =>
        printTable(
          ['id', 'name', 'type', 'size', 'price', 'wait'],
          movies.map((m) => [m.id, m.name, m.isFree ? 'free' : 'paid', mib(m.size), m.price, `${m.waitSeconds} s`]),
        ),
      );
    });

  program
    .command('movie')
    .description('one video')
    .argument('<id>')
    .action(async (id) => {
      const { movie } = await (await api()).query(MovieById, { id });
      if (!movie) throw new CliError(`No video has the id ${id}.`, 'NOT_FOUND');
      show(json(), { movie }, () => printRecord(movie));
    });

  program
    .command('delete')
    .description('delete a video (admins); its downloads stay in history')
    .argument('<id>')
    .action(async (id) => {
      const { deleteMovie } = await (await api()).mutation(DeleteMovie, { id });
      show(json(), { movie: deleteMovie }, () => console.log(`Deleted “${deleteMovie.name}”.`));
    });
};
