import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookTicketSink } from '@vigil/drift-monitor';
// The drift monitor's test set-up (registry + monitor + evaluation replica on one database) is reused as is.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  type EvaluationReplica,
  type InputShiftScenario,
  MINUTE_MS,
  startEvaluationReplica,
  startInputShiftScenario,
} from '../../apps/drift-monitor/src/testing/monitoring-setup';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { WebhookReceiver } from '../../apps/drift-monitor/src/testing/webhook-receiver';
import { ROOT } from './support/embedded-server';

// The compiled `vigil` CLI (build with `npm run build` first) against a real registry whose ticket VGL-1 was opened
// by the drift monitor's evaluator: site-b's lactate shifted, input_psi crossed two hourly windows in a row.
const CLI = join(ROOT, 'apps/cli/bin/vigil.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('vigil ticket and vigil monitor status against a registry with a ticket the evaluator opened', () => {
  let s: InputShiftScenario;
  let receiver: WebhookReceiver;
  let replica: EvaluationReplica;
  let dir: string;
  const tokens: Record<'viewer' | 'approver', string> = { viewer: '', approver: '' };

  /**
   * `vigil` as a child process. Asynchronous on purpose: the registry answering it runs in this process, so a
   * synchronous spawn would block the very server the CLI is waiting for.
   */
  function vigil(who: keyof typeof tokens, args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        VIGIL_SERVER: s.t.plane.url,
        VIGIL_TOKEN: tokens[who],
        VIGIL_TOKEN_FILE: '',
        NO_COLOR: '1',
      };
      const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-tickets-'));
    s = await startInputShiftScenario();
    receiver = await WebhookReceiver.start();
    replica = await startEvaluationReplica(s.t.db.url, {
      sinks: [new WebhookTicketSink({ url: receiver.url, secret: 'e2e-webhook-secret-0123456789abcdef-0123' })],
    });
    const T1 = new Date(s.win(4) + 31 * MINUTE_MS);
    await replica.evaluator.runOnce(T1); // VGL-1 opened on W2, W3 recorded on it
    const T2 = new Date(s.win(5) + 5 * MINUTE_MS);
    await replica.evaluator.runOnce(T2); // nobody acknowledged it within 30 minutes: escalated
    receiver.answerNext({ status: 400, body: 'no such channel' }); // the opening is refused for good
    await replica.dispatcher.runOnce(T2);
    tokens.viewer = await s.t.tokenFor('viewer');
    tokens.approver = await s.t.tokenFor('approver');
  }, 90_000);

  afterAll(async () => {
    await replica?.close();
    await receiver?.stop();
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('vigil ticket list shows the open ticket, flagged ESCALATED while nobody has taken it', async () => {
    const run = await vigil('viewer', ['ticket', 'list']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, row, ...rest] = run.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(header.split(/\s+/)).toEqual([
      'ID',
      'STATUS',
      'SEVERITY',
      'MODEL@V',
      'SITE',
      'SIGNAL',
      'OPENED',
      'OWNER',
      'ACK',
    ]);
    expect(row).toMatch(/^VGL-1\s+ESCALATED\s+high\s+sepsis-risk@1\s+site-b\s+input_psi\s/);
    expect(row).toContain('dr.rivera@hospital.org');

    const json = await vigil('viewer', ['--json', 'ticket', 'list', '--site', 'site-a']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ items: [], nextCursor: null });
  });

  it('vigil ticket show VGL-1 prints the evidence, the history and the deliveries, the failed one included', async () => {
    const run = await vigil('viewer', ['ticket', 'show', 'VGL-1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VGL-1 {2}/);
    expect(run.stdout).toMatch(/status\s+open/);
    expect(run.stdout).toMatch(/escalated\s+.* to cmio@hospital\.org/);
    expect(run.stdout).toContain('lactate');
    const history = run.stdout.slice(run.stdout.indexOf('history:'), run.stdout.indexOf('deliveries:'));
    expect([...history.matchAll(/\s(opened|updated|escalated)\s+drift-monitor\s/g)].map((m) => m[1])).toEqual([
      'opened',
      'updated',
      'escalated',
    ]);
    const deliveries = run.stdout.slice(run.stdout.indexOf('deliveries:')).split('\n').slice(2);
    expect(deliveries[0]).toMatch(/webhook\s+#0 opened\s+FAILED\s+1\s.*answered 400.*no such channel/);
    expect(deliveries[1]).toMatch(/webhook\s+#1 updated\s+delivered\s+1\s/);
    expect(deliveries[2]).toMatch(/webhook\s+#2 escalated\s+delivered\s+1\s/);

    expect(await vigil('viewer', ['ticket', 'show', 'VGL-9'])).toMatchObject({ code: 5 });
    expect(await vigil('viewer', ['ticket', 'show', 'ticket-one'])).toMatchObject({ code: 2 });
  });

  it('vigil ticket ack: refused for a viewer, recorded for an approver with the note, and the flag goes', async () => {
    const refused = await vigil('viewer', ['ticket', 'ack', 'VGL-1']);
    expect(refused.code).toBe(4);

    const note = 'checking the lactate analyser at site-b';
    const run = await vigil('approver', ['ticket', 'ack', 'VGL-1', '--note', note]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VGL-1 acknowledged by \S+ at .+ \(open, severity high\)/);

    const list = await vigil('viewer', ['ticket', 'list']);
    expect(list.stdout).toMatch(/VGL-1\s+open\s+high/);
    const shown = await vigil('viewer', ['--json', 'ticket', 'show', 'vgl-1']);
    const ticket = JSON.parse(shown.stdout);
    expect(ticket.acknowledgedBy).toBeTruthy();
    expect(ticket.history.at(-1)).toEqual(expect.objectContaining({ kind: 'acknowledged' }));
    expect(ticket.history.at(-1).summary).toContain(note);
  });

  it('vigil ticket resolve is refused while the signal still crosses, suggesting vigil ticket ack', async () => {
    const run = await vigil('approver', ['ticket', 'resolve', 'VGL-1', '--note', 'analyser recalibrated']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/still crosses the threshold/);
    expect(run.stderr).toContain('vigil ticket ack VGL-1');

    const noNote = await vigil('approver', ['ticket', 'resolve', 'VGL-1']);
    expect(noNote.code).toBe(2);
    const [ticket] = await s.db.query(`SELECT status, resolved_by FROM governance_ticket WHERE number = 1`);
    expect(ticket).toEqual({ status: 'open', resolved_by: null });
  });

  it('vigil monitor status sepsis-risk@1 --site site-b shows the crossed signal and the open incident with its ticket', async () => {
    const run = await vigil('viewer', ['monitor', 'status', 'sepsis-risk@1', '--site', 'site-b']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('site-b');
    expect(run.stdout).not.toContain('site-a');
    expect(run.stdout).toContain('icu-ref');
    expect(run.stdout).toMatch(/input_psi\s.*CROSSED/);
    expect(run.stdout).toMatch(/input_psi\s+OPEN\s+VGL-1/);

    const json = await vigil('viewer', ['--json', 'monitor', 'status', 'sepsis-risk@1', '--site', 'site-b']);
    const status = JSON.parse(json.stdout);
    expect(status.sites).toHaveLength(1);
    expect(status.sites[0].windows[0].signals.input_psi.judgement).toBe('crossed');
    expect((await vigil('viewer', ['monitor', 'status', 'sepsis-risk@7'])).code).toBe(5);
    expect((await vigil('viewer', ['monitor', 'status', 'sepsis-risk'])).code).toBe(2);
  });

  it('once the signal recovers the ticket closes by itself, and resolving it then is refused as closed', async () => {
    for (const k of [4, 5]) {
      await s.postWindow('site-a', k, false, 100 + k);
      await s.postWindow('site-b', k, false, 200 + k);
    }
    await replica.evaluator.runOnce(new Date(s.win(6) + 31 * MINUTE_MS));

    const shown = await vigil('viewer', ['ticket', 'show', 'VGL-1']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/status\s+closed .*\(the signal recovered\)/);
    expect((await vigil('viewer', ['ticket', 'list'])).stdout.trim()).toBe('no open tickets match');
    const closed = await vigil('viewer', ['ticket', 'list', '--status', 'closed']);
    expect(closed.stdout).toMatch(/VGL-1\s+closed\s/);

    const late = await vigil('approver', ['ticket', 'resolve', 'VGL-1', '--note', 'analyser recalibrated']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/VGL-1 is closed \(recovered at /);
    expect(late.stderr).not.toContain('vigil ticket ack');
    const status = await vigil('viewer', ['monitor', 'status', 'sepsis-risk@1', '--site', 'site-b']);
    expect(status.stdout).toMatch(/input_psi\s+cooling_down\s/);
  });
});
