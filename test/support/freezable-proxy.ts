import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy to `target` that can stop forwarding (a database that hangs, as under SIGSTOP, without
 * stopping the one other tests share) and go on again. While frozen it still accepts connections,
 * and forwards nothing on any of them.
 */
export class FreezableProxy {
  private frozen = false;
  /** Bytes forwarded to the target (requests), and back to the clients (answers). */
  readonly forwarded = { up: 0, down: 0 };
  private freezeWhen = { up: Infinity, down: Infinity };
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((client) => this.forward(client));

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target: { host: string; port: number }): Promise<FreezableProxy> {
    const proxy = new FreezableProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
    for (const socket of this.sockets) socket.pause();
  }

  /** Freezes once `bytes` more have gone one way (a transfer cut half-way). */
  freezeAfter(direction: 'up' | 'down', bytes: number): void {
    this.freezeWhen[direction] = this.forwarded[direction] + bytes;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  thaw(): void {
    this.frozen = false;
    this.freezeWhen = { up: Infinity, down: Infinity };
    for (const socket of this.sockets) socket.resume();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: Socket): void {
    const upstream = connect(this.target);
    for (const [from, to, direction] of [
      [client, upstream, 'up'],
      [upstream, client, 'down'],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        to.write(chunk);
        this.forwarded[direction] += chunk.length;
        if (this.forwarded[direction] >= this.freezeWhen[direction]) this.freeze();
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      if (this.frozen) from.pause();
    }
  }
}
