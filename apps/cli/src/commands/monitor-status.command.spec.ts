import { type MonitoringSignalReading, type MonitoringStatus } from '@vigil/contracts';
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';
const STATUS_PATH = '/api/v1/models/sepsis-risk/versions/4/monitoring';

function reading(overrides: Partial<MonitoringSignalReading> = {}): MonitoringSignalReading {
  return {
    value: 0.08,
    ci: null,
    judgement: 'recovered',
    reason: 'below the recovery level',
    threshold: 0.25,
    recovery: 0.1,
    status: 'quiet',
    worstFeatures: [],
    labelled: null,
    feedback: null,
    ...overrides,
  };
}

const STATUS: MonitoringStatus = {
  model: 'sepsis-risk',
  version: 4,
  sites: [
    {
      site: 'site-a',
      reference: {
        source: 'validation',
        dataset: 'icu-2025q3',
        frozenAt: '2026-03-01T08:00:00.000Z',
        lacks: ['features not in the reference dataset: troponin'],
      },
      windows: [
        {
          phase: 'performance',
          windowStart: '2026-03-01T00:00:00.000Z',
          windowEnd: '2026-03-02T00:00:00.000Z',
          events: 1180,
          evaluatedAt: '2026-03-05T00:05:00.000Z',
          signals: {
            auroc_drop: reading({
              value: 0.012345,
              ci: [-0.02, 0.041],
              judgement: 'between',
              reason: 'between the recovery level and the threshold',
              threshold: 0.05,
              recovery: 0.02,
              labelled: 960,
            }),
          },
        },
        {
          phase: 'inputs',
          windowStart: '2026-03-04T00:00:00.000Z',
          windowEnd: '2026-03-05T00:00:00.000Z',
          events: 1200,
          evaluatedAt: '2026-03-05T00:05:00.000Z',
          signals: {
            input_psi: reading({
              value: 0.312345,
              judgement: 'crossed',
              reason: 'above the threshold',
              status: 'open',
              worstFeatures: [
                { feature: 'lactate', value: 0.312345 },
                { feature: 'age', value: 0.11 },
              ],
            }),
            acceptance_rate: reading({
              value: 0.71,
              judgement: 'recovered',
              reason: 'above the recovery level',
              threshold: 0.5,
              recovery: 0.6,
              feedback: 88,
            }),
          },
        },
      ],
      incidents: [
        { signal: 'input_psi', status: 'open', ticket: 'VGL-12', coolDownUntil: null },
        { signal: 'auroc_drop', status: 'cooling_down', ticket: 'VGL-7', coolDownUntil: '2026-03-07T00:00:00.000Z' },
        { signal: 'acceptance_rate', status: 'quiet', ticket: null, coolDownUntil: null },
      ],
    },
    { site: 'site-b', reference: null, windows: [], incidents: [] },
  ],
};

const stub = StubRegistry.perSuite();

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN } });
}

/** The lines of `text` from the one starting with `start` (trimmed) up to the next blank line or site. */
function block(text: string, start: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((line) => line.trim().startsWith(start));
  expect(from).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(from);
  const end = rest.findIndex((line, i) => i > 0 && (line === '' || !line.startsWith('    ')));
  return rest.slice(0, end < 0 ? undefined : end);
}

function cells(line: string): string[] {
  return line.trim().split(/ {2,}/);
}

describe('vigil monitor status', () => {
  it('prints per site the reference, each phase window with its signals against their levels, and the incidents', async () => {
    stub.on(`GET ${STATUS_PATH}`, { json: STATUS });
    const run = await vigil(['monitor', 'status', 'sepsis-risk@4']);
    expect(run.code).toBe(0);
    expect([...stub.requests[0].query.keys()]).toEqual([]);
    const out = run.stdout;
    expect(out.startsWith('sepsis-risk@4: 2 sites\n\nsite site-a\n')).toBe(true);
    expect(out).toMatch(/\n {2}reference +a passed validation on dataset icu-2025q3, frozen 2026-03-01 08:00 UTC\n/);
    expect(out).toMatch(/\n {2}lacks +features not in the reference dataset: troponin\n/);

    // inputs before performance, whatever order the server sent them in.
    expect(out.indexOf('  inputs window')).toBeLessThan(out.indexOf('  performance window'));
    expect(out).toContain(
      '\n  inputs window 2026-03-04 00:00 UTC – 2026-03-05 00:00 UTC: 1,200 events, judged 2026-03-05 00:05 UTC\n',
    );
    const inputs = block(out, 'SIGNAL').map(cells);
    expect(inputs).toEqual([
      ['SIGNAL', 'VALUE', '95% CI', 'THRESHOLD', 'RECOVERY', 'JUDGEMENT', 'INCIDENT', 'WHY'],
      [
        'input_psi',
        '0.3123',
        '-',
        '> 0.25',
        '< 0.1',
        'CROSSED',
        'OPEN',
        'above the threshold; worst: lactate 0.3123, age 0.11',
      ],
      // The acceptance rate worsens as it falls: its levels read the other way round.
      [
        'acceptance_rate',
        '0.71',
        '-',
        '< 0.5',
        '> 0.6',
        'recovered',
        'quiet',
        'above the recovery level; 88 clinician responses',
      ],
    ]);
    const performance = out.slice(out.indexOf('  performance window'));
    expect(performance.split('\n')[0]).toBe(
      '  performance window 2026-03-01 00:00 UTC – 2026-03-02 00:00 UTC: 1,180 events, judged 2026-03-05 00:05 UTC',
    );
    expect(block(performance, 'SIGNAL').map(cells)[1]).toEqual([
      'auroc_drop',
      '0.01235',
      '-0.02–0.041',
      '> 0.05',
      '< 0.02',
      'between',
      'quiet',
      'between the recovery level and the threshold; 960 labelled',
    ]);
    expect(block(out, 'incidents:').slice(1).map(cells)).toEqual([
      ['SIGNAL', 'STATUS', 'TICKET', 'COOL-DOWN UNTIL'],
      ['input_psi', 'OPEN', 'VGL-12', '-'],
      ['auroc_drop', 'cooling_down', 'VGL-7', '2026-03-07 00:00 UTC'],
      ['acceptance_rate', 'quiet', '-', '-'],
    ]);

    const siteB = out.slice(out.indexOf('site site-b'));
    expect(siteB.split('\n').slice(0, 6)).toEqual([
      'site site-b',
      '  reference  none yet: it is frozen when the first window is judged',
      '  inputs window: none judged yet',
      '  performance window: none judged yet',
      '  incidents:',
      '    none',
    ]);
  });

  it('asks for one site with --site and prints the server document with --json', async () => {
    const one = { ...STATUS, sites: [STATUS.sites[0]] };
    stub.on(`GET ${STATUS_PATH}`, { json: one });
    const run = await vigil(['monitor', 'status', 'sepsis-risk@4', '--site', 'site-a', '--json']);
    expect(run.code).toBe(0);
    expect(stub.requests[0].query.get('site')).toBe('site-a');
    expect(JSON.parse(run.stdout)).toEqual(one);
  });

  it('says when there is nothing to show yet', async () => {
    stub.on(`GET ${STATUS_PATH}`, { json: { model: 'sepsis-risk', version: 4, sites: [] } });
    expect((await vigil(['monitor', 'status', 'sepsis-risk@4'])).stdout).toBe(
      'sepsis-risk@4 has no monitoring data yet: no site has sent events for it\n',
    );
    expect((await vigil(['monitor', 'status', 'sepsis-risk@4', '--site', 'site-q'])).stdout).toBe(
      'sepsis-risk@4 has no monitoring data at site-q yet\n',
    );
  });

  it('exits 2 on a reference without a version (nothing sent) and 5 for an unknown version', async () => {
    const bad = await vigil(['monitor', 'status', 'sepsis-risk']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected NAME@VERSION');
    expect(stub.requests).toHaveLength(0);
    stub.on('GET /api/v1/models/sepsis-risk/versions/9/monitoring', {
      status: 404,
      problem: { code: 'version_not_found', detail: 'sepsis-risk has no version 9' },
    });
    const missing = await vigil(['monitor', 'status', 'sepsis-risk@9']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('sepsis-risk has no version 9');
  });

  it('has --help with examples, and the monitor group lists it', async () => {
    const help = await vigil(['monitor', 'status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/status \[options\] <name@version>/);
    expect(help.stdout).toContain('--site <site>');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes:');
    expect((await vigil(['monitor', '--help'])).stdout).toMatch(/\n {2}status \[options\] <name@version>/);
  });
});
