import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli, type CapturedRun } from '../testing/capture-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-simulate-cli-'));
  writeFileSync(
    join(dir, 'bad-policy.yaml'),
    'window: 1d\nminEvents: 200\nsignals:\n  - signal: input_psi\n    threshold: 0.25\n    recovry: 0.1\n',
  );
  writeFileSync(
    join(dir, 'psi-only.yaml'),
    [
      'window: 1d',
      'minEvents: 200',
      'signals:',
      '  - { signal: input_psi, threshold: 0.25, recovery: 0.1, consecutiveWindows: 3, recoveryWindows: 3,',
      '      severity: high, owner: a@b.org, coolDown: 3d }',
    ].join('\n'),
  );
});

// No server and no token: the command needs neither.
function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { cwd: dir });
}

describe('vigil simulate', () => {
  it('prints a timeline per site and a summary with the example policy; exit 0', async () => {
    const run = await vigil(['simulate', '--days', '18', '--events-per-day', '800', '--seed', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'simulated 18 days at 3 sites, about 800 events per site and day, seed 3, policy: the example policy',
    );
    expect(lines).toContain('site north: stable: no change');
    const header = lines.findIndex((l) => l.startsWith('site east:'));
    expect(lines[header + 1]).toMatch(
      /^day\s+events\s+input_psi\s+missing_rate\s+auroc_drop \(\+3d\)\s+acceptance_rate$/,
    );
    // Day 11 completes two crossed windows after the shift on day 10: the ticket opens there.
    expect(lines[header + 2 + 10]).toMatch(/^10\s+[\d,]+\s+0\.\d{3}! pending/);
    expect(lines[header + 2 + 11]).toMatch(/^11\s+[\d,]+\s+0\.\d{3}! open OPENED/);
    const summary = lines.indexOf('summary:');
    expect(lines[summary + 2]).toMatch(/^north\s+stable\s+0\s+-\s+0\s+0\s+-$/);
    expect(lines[summary + 3]).toMatch(
      /^east\s+shift from day 10\s+1\s+input_psi window of day 11, at 2026-01-17 00:05/,
    );
    expect(lines[summary + 4]).toMatch(/^west\s+decay from day 12\s+1\s+auroc_drop window of day 13/);
  });

  it('--json prints the whole timeline, the same for the same seed', async () => {
    const args = ['simulate', '--days', '12', '--events-per-day', '500', '--seed', '9', '--json'];
    const run = await vigil(args);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.seed).toBe(9);
    expect(result.signals).toEqual(['input_psi', 'missing_rate', 'auroc_drop', 'acceptance_rate']);
    expect(result.sites.map((s: { site: string }) => s.site)).toEqual(['north', 'east', 'west']);
    expect(result.sites[0].windows).toHaveLength(12);
    expect(Object.keys(result.sites[1].windows[0].signals[0])).toEqual(
      expect.arrayContaining(['value', 'judgement', 'status', 'actions', 'worstFeatures', 'evaluatedAt']),
    );
    expect((await vigil(args)).stdout).toBe(run.stdout);
  });

  it('--policy reads a policy file: its signals become the columns and its rules decide', async () => {
    const run = await vigil([
      'simulate',
      '--policy',
      'psi-only.yaml',
      '--days',
      '14',
      '--events-per-day',
      '500',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.signals).toEqual(['input_psi']);
    // Three consecutive windows now: day 12 is the first that can open it.
    expect(result.sites[1].summary.opened).toEqual([expect.objectContaining({ signal: 'input_psi', window: 12 })]);
  });

  it('an invalid policy exits 2 with every problem the parser found', async () => {
    const run = await vigil(['simulate', '--policy', 'bad-policy.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('bad-policy.yaml: the monitoring policy is invalid:');
    expect(run.stderr).toContain('signals[0].recovry');
    expect(run.stderr).toContain('signals[0].recovery');
  });

  it('bad options and a missing policy file exit 2', async () => {
    expect((await vigil(['simulate', '--days', '0'])).code).toBe(2);
    expect((await vigil(['simulate', '--events-per-day', 'many'])).stderr).toContain(
      '--events-per-day must be a whole number',
    );
    const missing = await vigil(['simulate', '--policy', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the policy file nope.yaml');
  });

  it('--help shows the options and examples', async () => {
    const run = await vigil(['simulate', '--help']);
    expect(run.code).toBe(0);
    for (const text of ['--policy <file>', '--days <n>', '--seed <n>', '--events-per-day <n>', 'Examples:']) {
      expect(run.stdout).toContain(text);
    }
  });
});
