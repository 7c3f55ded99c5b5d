import type { Buyer, PricedMovie } from './pricing.js';
import { isAdmin } from '../accounts/roles.js';
import type { DomainSettings } from '../core/settings.js';

/**
 * The wait rule: users who are not VIP wait before a free video; VIP users, admins (checking what
 * they upload) and paid downloads do not.
 */
export function waitSecondsOf(movie: PricedMovie, viewer: Buyer, settings: DomainSettings): number {
  return movie.isFree && !viewer.isVip && !isAdmin(viewer) ? settings.downloadWaitSeconds : 0;
}
