import proxyAddr from 'proxy-addr';
import type { AddressRule } from '../config/config.js';

/** Whether an address falls under a rule (TRUST_PROXY, METRICS); IPv4-mapped IPv6 counts as IPv4. */
export function addressMatcher(rule: AddressRule): (address: string | undefined) => boolean {
  if (typeof rule === 'boolean') return () => rule;
  const matches = proxyAddr.compile(rule);
  return (address) => address !== undefined && matches(address, 0);
}
