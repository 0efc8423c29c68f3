// A small, strict reader of the Prometheus text exposition format (0.0.4) for tests: it parses the samples back
// (unescaping label values) and lists every problem it finds, including the lint rules of `promtool check metrics`
// that apply to gauges and counters. The specs always run it; promtool, when installed, is run in addition.

export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  line: number;
}

export interface ExpositionFamily {
  name: string;
  help: string | null;
  type: string | null;
  samples: ExpositionSample[];
}

export interface ExpositionCheck {
  families: Map<string, ExpositionFamily>;
  samples: ExpositionSample[];
  problems: string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Inf|inf)$|^NaN$/;

export function checkExposition(text: string): ExpositionCheck {
  const problems: string[] = [];
  const families = new Map<string, ExpositionFamily>();
  const samples: ExpositionSample[] = [];
  const seriesSeen = new Set<string>();
  const finished = new Set<string>();
  let current: string | null = null;

  const family = (name: string): ExpositionFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, help: null, type: null, samples: [] }));
    return f;
  };
  // A family's lines must stay together: once another family starts, the previous one is finished.
  const enter = (name: string, line: number) => {
    if (current === name) return;
    if (current !== null) finished.add(current);
    if (finished.has(name)) problems.push(`line ${line}: lines of ${name} are not together`);
    current = name;
  };

  if (text.length > 0 && !text.endsWith('\n')) problems.push('the text does not end with a line feed');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(raw);
      if (!m) return; // any other comment
      const [, keyword, name, rest = ''] = m;
      if (!METRIC_NAME.test(name)) problems.push(`line ${n}: invalid metric name "${name}"`);
      enter(name, n);
      const f = family(name);
      if (f.samples.length > 0) problems.push(`line ${n}: ${keyword} of ${name} after its samples`);
      if (keyword === 'HELP') {
        if (f.help !== null) problems.push(`line ${n}: second HELP for ${name}`);
        const help = unescapeHelp(rest);
        if (help === null) problems.push(`line ${n}: invalid escape in the HELP of ${name}`);
        f.help = help ?? rest;
      } else {
        if (f.type !== null) problems.push(`line ${n}: second TYPE for ${name}`);
        if (!TYPES.has(rest.trim())) problems.push(`line ${n}: unknown type "${rest}" for ${name}`);
        f.type = rest.trim();
      }
      return;
    }
    const sample = parseSample(raw, n, problems);
    if (sample === null) return;
    const owner = familyOf(sample.name, families);
    enter(owner, n);
    const f = family(owner);
    f.samples.push(sample);
    samples.push(sample);
    const key = `${sample.name}{${Object.keys(sample.labels)
      .sort()
      .map((k) => `${k}=${JSON.stringify(sample.labels[k])}`)
      .join(',')}}`;
    if (seriesSeen.has(key)) problems.push(`line ${n}: duplicate series ${key}`);
    seriesSeen.add(key);
  });

  for (const f of families.values()) lint(f, problems);
  return { families, samples, problems };
}

/** The rules of promtool's linter that concern the families we write. */
function lint(f: ExpositionFamily, problems: string[]): void {
  const { name, type } = f;
  if (f.help === null || f.help.trim() === '') problems.push(`${name}: no help text`);
  if (type === null) problems.push(`${name}: no TYPE line`);
  if (/[a-z][A-Z]/.test(name)) problems.push(`${name}: metric names should be snake_case, not camelCase`);
  if (type === 'counter' && !name.endsWith('_total')) problems.push(`${name}: a counter's name should end in _total`);
  if (type !== 'counter' && name.endsWith('_total')) problems.push(`${name}: only counters end in _total`);
  if (type !== 'histogram' && type !== 'summary') {
    for (const suffix of ['_count', '_sum', '_bucket']) {
      if (name.endsWith(suffix)) problems.push(`${name}: only histograms and summaries end in ${suffix}`);
    }
  }
  for (const word of ['counter', 'gauge', 'histogram', 'summary']) {
    if (name.split('_').includes(word)) problems.push(`${name}: the name should not include the type "${word}"`);
  }
  if (name.includes(':')) problems.push(`${name}: colons are for recording rules`);
}

function familyOf(sampleName: string, families: ReadonlyMap<string, ExpositionFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      const t = families.get(base)?.type;
      if (t === 'histogram' || (t === 'summary' && suffix !== '_bucket')) return base;
    }
  }
  return sampleName;
}

function parseSample(raw: string, n: number, problems: string[]): ExpositionSample | null {
  const nameMatch = /^[^\s{]+/.exec(raw);
  if (!nameMatch) {
    problems.push(`line ${n}: no metric name`);
    return null;
  }
  const name = nameMatch[0];
  if (!METRIC_NAME.test(name)) problems.push(`line ${n}: invalid metric name "${name}"`);
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (raw[pos] === '{') {
    pos++;
    for (;;) {
      if (raw[pos] === '}') {
        pos++;
        break;
      }
      const label = /^([^=\s]*)="/.exec(raw.slice(pos));
      if (!label) {
        problems.push(`line ${n}: malformed labels`);
        return null;
      }
      const labelName = label[1];
      if (!LABEL_NAME.test(labelName) || labelName.startsWith('__')) {
        problems.push(`line ${n}: invalid label name "${labelName}"`);
      }
      pos += label[0].length;
      let value = '';
      let closed = false;
      while (pos < raw.length) {
        const c = raw[pos];
        if (c === '"') {
          closed = true;
          pos++;
          break;
        }
        if (c === '\\') {
          const next = raw[pos + 1];
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else problems.push(`line ${n}: invalid escape "\\${next ?? ''}" in the value of ${labelName}`);
          pos += 2;
          continue;
        }
        value += c;
        pos++;
      }
      if (!closed) {
        problems.push(`line ${n}: unterminated value of ${labelName}`);
        return null;
      }
      if (Object.prototype.hasOwnProperty.call(labels, labelName)) {
        problems.push(`line ${n}: label ${labelName} given twice`);
      }
      labels[labelName] = value;
      if (raw[pos] === ',') pos++;
      else if (raw[pos] !== '}') {
        problems.push(`line ${n}: expected , or } after the value of ${labelName}`);
        return null;
      }
    }
  }
  const rest = raw.slice(pos);
  const m = /^ +(\S+)(?: +(-?\d+))?$/.exec(rest);
  if (!m || !FLOAT.test(m[1])) {
    problems.push(`line ${n}: no valid value in "${rest}"`);
    return null;
  }
  const text = m[1];
  const value =
    text === 'NaN' ? Number.NaN : /inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : +text;
  return { name, labels, value, line: n };
}

/** Unescapes a HELP text (`\\` and `\n` only); null when it holds another escape. */
function unescapeHelp(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out += s[i];
      continue;
    }
    const next = s[++i];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else return null;
  }
  return out;
}
