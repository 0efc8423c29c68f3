import { type Server, type Socket, createConnection, createServer } from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that can "lose" the database: `cut()` resets every open
 * connection and refuses new ones (as a crashed or restarting server does), `restore()` brings it back.
 */
export class TcpOutageProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.resetAndDestroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  async restore(): Promise<void> {
    if (!this.listening) await this.start(this.port);
  }
}
