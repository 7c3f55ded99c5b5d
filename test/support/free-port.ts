import { createServer, type AddressInfo } from 'node:net';

/**
 * A port nothing listens on right now, for a process that cannot tell us the port 0 gave it. On a
 * module of its own, without the suites' set-up, so that the bench and docs/screenshot.ts use it too.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
