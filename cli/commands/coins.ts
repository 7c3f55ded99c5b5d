import { BuyVip, Coins } from '../documents.js';
import { CliError } from '../errors.js';
import { printTable, show } from '../output.js';
import type { Topic } from './context.js';

/** Your coins: the balance and its entries, and the VIP membership they buy. */
export const coinCommands: Topic = (program, { api, json }) => {
  program
    .command('coins')
    .description('your balance and its entries, newest first')
    .action(async () => {
      const { me, coinHistory } = await (await api()).query(Coins, { first: 100 });
      if (!me) throw new CliError('Not logged in: run login first.', 'UNAUTHENTICATED');
      const entries = coinHistory.edges.map((edge) => edge.node);
      show(json(), { balance: me.balance, entries }, () => {
        console.log(`Balance: ${me.balance} coins`);
        printTable(
          ['when', 'reason', 'amount', 'balance', 'video'],
          entries.map((e) => [e.createdAt, e.reason, e.amount, e.balanceAfter, e.movie?.name]),
        );
      });
    });

  program
    .command('vip')
    .description('buy the VIP membership from your balance')
    .action(async () => {
      const { buyVip } = await (await api()).mutation(BuyVip, {});
      show(json(), { user: buyVip }, () => console.log(`${buyVip.name} is VIP; balance ${buyVip.balance} coins.`));
    });
};
