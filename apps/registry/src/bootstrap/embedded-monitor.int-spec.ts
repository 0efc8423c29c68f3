import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RegistryEnv, loadConfig } from '@vigil/platform';
import pino from 'pino';
import { startEmbeddedMonitor } from './embedded-monitor';

// A stand-in for the compiled monitor: records each start (with the environment it was given), crashes on its
// first two starts, then stays up until told to stop (exit 0 on SIGTERM, as the real one does).
const SCRIPT = `
const fs = require('node:fs');
const file = process.env.STARTS_FILE;
const starts = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
starts.push({ pid: process.pid, port: process.env.PORT, db: process.env.DATABASE_URL, ipc: typeof process.send });
fs.writeFileSync(file, JSON.stringify(starts));
if (starts.length <= 2) process.exit(1);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`;

describe('the embedded drift monitor process', () => {
  let dir: string;
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-embedded-monitor-'));
    writeFileSync(join(dir, 'monitor.js'), SCRIPT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is started with the database and port, restarted with a logged reason after crashes, and stopped on request', async () => {
    const startsFile = join(dir, 'starts.json');
    process.env.STARTS_FILE = startsFile;
    const env = loadConfig(RegistryEnv, { VIGIL_MONITOR_PORT: '18181', PORT: '18080' });
    const monitor = startEmbeddedMonitor(env, 'postgres://vigil:pw@127.0.0.1:5/vigil', log, {
      script: join(dir, 'monitor.js'),
      firstRestartDelayMs: 50,
    });
    try {
      expect(monitor?.url).toBe('http://localhost:18181');
      const starts = async (n: number) => {
        for (let waited = 0; waited < 10_000; waited += 50) {
          try {
            const seen = JSON.parse(readFileSync(startsFile, 'utf8')) as unknown[];
            if (seen.length >= n) return seen as { pid: number; port: string; db: string; ipc: string }[];
          } catch {
            // not written yet
          }
          await sleep(50);
        }
        throw new Error(`the monitor was not started ${n} times`);
      };
      const seen = await starts(3);
      expect(seen.map((s) => s.port)).toEqual(['18181', '18181', '18181']);
      expect(seen[0].db).toBe('postgres://vigil:pw@127.0.0.1:5/vigil');
      expect(seen[0].ipc).toBe('function');
      const restarts = lines.filter((l) => String(l.msg).includes('restarting'));
      expect(restarts).toHaveLength(2);
      expect(restarts[0]).toMatchObject({ exitCode: 1, restartInMs: 50 });
      expect(restarts[1]).toMatchObject({ exitCode: 1, restartInMs: 100 });
      // The database URL (with its password) never reaches the log.
      expect(JSON.stringify(lines)).not.toContain('pw@');

      await monitor!.stop();
      const last = seen[2].pid;
      expect(() => process.kill(last, 0)).toThrow();
      await sleep(300);
      expect(JSON.parse(readFileSync(startsFile, 'utf8'))).toHaveLength(3);
    } finally {
      await monitor?.stop();
      delete process.env.STARTS_FILE;
    }
  });

  it('is left out, with a warning, when the monitor was not built', () => {
    const env = loadConfig(RegistryEnv, {});
    expect(startEmbeddedMonitor(env, 'postgres://x@127.0.0.1/x', log, { script: join(dir, 'missing.js') })).toBeNull();
    expect(lines.at(-1)).toMatchObject({ level: 40, msg: expect.stringMatching(/not built/) });
  });
});
