// The Prometheus text exposition format (version 0.0.4), written the way prom-client writes it, so that the
// exporter's pre-rendered families read exactly as `registry.metrics()` would render the same gauges.

const LABEL_SPECIALS = /[\\\n"]/;
const LABEL_SPECIALS_ALL = /[\\\n"]/g;
const HELP_SPECIALS_ALL = /[\\\n]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '"': '\\"' };

/** A label value between double quotes: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return LABEL_SPECIALS.test(value) ? value.replace(LABEL_SPECIALS_ALL, (c) => ESCAPES[c]) : value;
}

/** A HELP text: backslash and line feed escaped. */
export function escapeHelp(help: string): string {
  return help.replace(HELP_SPECIALS_ALL, (c) => ESCAPES[c]);
}

/** `{a="x",b="y"}`, in the order given. */
export function formatLabels(names: readonly string[], values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${names[i]}="${escapeLabelValue(values[i])}"`;
  }
  return `${out}}`;
}

/** A sample value as prom-client writes it (only finite numbers reach here). */
export function formatValue(value: number): string {
  return `${value}`;
}

/** A gauge family: HELP and TYPE lines, then one line per sample (already formatted). */
export function gaugeFamilyText(name: string, help: string, sampleLines: readonly string[]): string {
  const header = `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} gauge`;
  return sampleLines.length === 0 ? header : `${header}\n${sampleLines.join('\n')}`;
}
