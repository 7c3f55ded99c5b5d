import type { Buyer, PricedMovie } from './pricing.js';
import type { DomainSettings } from './settings.js';

/** The wait rule (API.md): users who are not VIP wait before a free video; VIP users and paid downloads do not. */
export function waitSecondsOf(movie: PricedMovie, viewer: Buyer, settings: DomainSettings): number {
  return movie.isFree && !viewer.isVip ? settings.downloadWaitSeconds : 0;
}
