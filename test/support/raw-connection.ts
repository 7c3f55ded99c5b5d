import { connect, type Socket } from 'node:net';

/** A bare TCP connection to a test server: for requests no HTTP client would send, byte by byte. */
export class RawConnection {
  private received = '';
  private readonly opened = Date.now();
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8').on('data', (chunk: string) => (this.received += chunk));
    // Writing to a connection the server cut off fails; the test reads the answer and the close.
    socket.on('error', () => socket.destroy());
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects to `url`'s host and port, from `localAddress` when given (any 127.x.y.z on Linux). */
  static async open(url: string, localAddress?: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  /** What the server sent so far. */
  get text(): string {
    return this.received;
  }

  /** Resolves once the server has closed the connection, at most `ms` after it was opened; else fails. */
  async closedWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the connection is still open after ${ms} ms`)),
        ms - (Date.now() - this.opened),
      );
    });
    try {
      await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  write(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Sends `body` in pieces of `size` bytes, one every `everyMs`, until it is sent or the server closes. */
  async trickle(body: Buffer, size: number, everyMs: number): Promise<void> {
    for (let at = 0; at < body.length && !this.socket.destroyed; at += size) {
      this.write(body.subarray(at, at + size));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
