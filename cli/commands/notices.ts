import { Notices, ReleaseNotice } from '../documents.js';
import { show } from '../output.js';
import type { Topic } from './context.js';

/** Notices: read them, publish one (admins). */
export const noticeCommands: Topic = (program, { api, json }) => {
  program
    .command('notices')
    .description('notices, newest first')
    .action(async () => {
      const { notices } = await (await api()).query(Notices, { first: 20 });
      const list = notices.edges.map((edge) => edge.node);
      show(json(), { notices: list }, () => {
        for (const notice of list)
          console.log(`${notice.createdAt}  ${notice.title} (${notice.author.name})\n  ${notice.content}\n`);
        if (!list.length) console.log('(none)');
      });
    });

  program
    .command('notice')
    .description('publish a notice (admins)')
    .argument('<title>')
    .argument('<content>')
    .action(async (title, content) => {
      const { releaseNotice } = await (await api()).mutation(ReleaseNotice, { title, content });
      show(json(), { notice: releaseNotice }, () => console.log(`Published “${releaseNotice.title}”.`));
    });
};
