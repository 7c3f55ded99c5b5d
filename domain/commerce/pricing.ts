import type { Role } from '../../db/models/user.js';
import { isAdmin } from '../accounts/roles.js';
import type { DomainSettings } from '../core/settings.js';

export interface PricedMovie {
  isFree: boolean;
}

/** What the price and the wait read of a movie, by name: a list that shows them reads these columns. */
const PRICED: Record<keyof PricedMovie, true> = { isFree: true };
export const PRICED_MOVIE_PROPERTIES = Object.keys(PRICED) as (keyof PricedMovie)[];

export interface Buyer {
  isVip: boolean;
  role: Role;
}

/**
 * The price rule: a free video costs 0; a paid one costs the VIP or the regular price, once per
 * user and video: after it was bought it costs 0. Admins pay nothing: they check what they upload.
 */
export function priceOf(movie: PricedMovie, buyer: Buyer, alreadyBought: boolean, settings: DomainSettings): number {
  if (movie.isFree || alreadyBought || isAdmin(buyer)) return 0;
  return buyer.isVip ? settings.priceVip : settings.priceRegular;
}
