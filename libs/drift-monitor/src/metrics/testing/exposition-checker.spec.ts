import { checkExposition } from './exposition-checker';
import { findPromtool, runPromtool } from './promtool';

// The specs trust this reader where promtool is missing, so it must notice what promtool would refuse.

const good = [
  '# HELP vigil_drift_psi PSI of a feature \\\\ with a backslash\\nand a line feed.',
  '# TYPE vigil_drift_psi gauge',
  'vigil_drift_psi{model="a \\"b\\"",site="x\\\\y\\nz",feature="f"} 0.25',
  'vigil_drift_psi{model="a",site="b",feature="f"} 1e-7',
  '',
  '# HELP vigil_events_ingested_total Events.',
  '# TYPE vigil_events_ingested_total counter',
  'vigil_events_ingested_total 12',
  '',
  '# HELP vigil_request_seconds Time.',
  '# TYPE vigil_request_seconds histogram',
  'vigil_request_seconds_bucket{le="0.1"} 1',
  'vigil_request_seconds_bucket{le="+Inf"} 2',
  'vigil_request_seconds_sum 0.3',
  'vigil_request_seconds_count 2',
  '',
].join('\n');

// Duplicate series and interleaved families are refused by Prometheus when it scrapes, but promtool 2.42's
// `check metrics` lets them through; the reader is stricter there (listed in STRICTER).
const STRICTER = new Set(['duplicate series', 'families interleaved']);

const bad: [string, string, RegExp][] = [
  ['no help', '# TYPE vigil_x gauge\nvigil_x 1\n', /vigil_x: no help text/],
  [
    'counter without _total',
    '# HELP vigil_x_count x\n# TYPE vigil_x_count counter\nvigil_x_count 1\n',
    /end in _total/,
  ],
  ['gauge with _total', '# HELP vigil_x_total x\n# TYPE vigil_x_total gauge\nvigil_x_total 1\n', /only counters end/],
  ['type in the name', '# HELP vigil_x_gauge x\n# TYPE vigil_x_gauge gauge\nvigil_x_gauge 1\n', /include the type/],
  ['camelCase', '# HELP vigil_driftPsi x\n# TYPE vigil_driftPsi gauge\nvigil_driftPsi 1\n', /snake_case/],
  ['bad name', '# HELP 1vigil x\n# TYPE 1vigil gauge\n1vigil 1\n', /invalid metric name "1vigil"/],
  ['two HELP', '# HELP vigil_x x\n# HELP vigil_x y\n# TYPE vigil_x gauge\nvigil_x 1\n', /second HELP/],
  ['two TYPE', '# HELP vigil_x x\n# TYPE vigil_x gauge\n# TYPE vigil_x gauge\nvigil_x 1\n', /second TYPE/],
  [
    'duplicate series',
    '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{a="1",b="2"} 1\nvigil_x{b="2",a="1"} 2\n',
    /duplicate series/,
  ],
  ['bad escape', '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{a="1\\t"} 1\n', /invalid escape/],
  ['raw quote', '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{a="say "hi""} 1\n', /expected , or }/],
  ['unterminated', '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{a="1} 1\n', /unterminated/],
  ['bad label name', '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{a-b="1"} 1\n', /invalid label name/],
  ['bad value', '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x 1,5\n', /no valid value/],
  [
    'families interleaved',
    '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{a="1"} 1\n# HELP vigil_y y\n# TYPE vigil_y gauge\nvigil_y 1\nvigil_x{a="2"} 1\n',
    /not together/,
  ],
  ['no final line feed', '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x 1', /does not end with a line feed/],
];

describe('checkExposition', () => {
  it('reads a valid exposition back, unescaping label values and HELP texts', () => {
    const check = checkExposition(good);
    expect(check.problems).toEqual([]);
    expect(check.families.get('vigil_drift_psi')?.help).toBe('PSI of a feature \\ with a backslash\nand a line feed.');
    expect(check.samples[0]).toMatchObject({ labels: { model: 'a "b"', site: 'x\\y\nz', feature: 'f' }, value: 0.25 });
    expect(check.samples[1].value).toBe(1e-7);
    expect(check.families.get('vigil_request_seconds')?.samples.map((s) => s.value)).toEqual([1, 2, 0.3, 2]);
    expect(check.samples.find((s) => s.labels.le === '+Inf')?.value).toBe(2);
  });

  it.each(bad)('finds the problem: %s', (_, text, problem) => {
    expect(checkExposition(text).problems.join('\n')).toMatch(problem);
  });

  it('agrees with promtool on the same texts where promtool is installed', () => {
    const promtool = findPromtool();
    if (promtool === null) {
      console.info('promtool is not on PATH: the reader was checked on its own');
      return;
    }
    expect(runPromtool(['check', 'metrics'], good).status).toBe(0);
    for (const [what, text] of bad.filter(([w]) => !STRICTER.has(w))) {
      const run = runPromtool(['check', 'metrics'], text);
      expect({ what, refused: run.status !== 0 }).toEqual({ what, refused: true });
    }
    console.info(`${promtool.version}: agreed on ${bad.length + 1 - STRICTER.size} texts`);
  });
});
