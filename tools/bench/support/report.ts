/** Prints rows as an aligned plain-text table (first row = header), numbers right-aligned. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, col) =>
        /^[-+]?[\d.,]+( ?[a-zA-Z/%×]+)?$/.test(cell) ? cell.padStart(widths[col]) : cell.padEnd(widths[col]),
      )
      .join('  ');
  process.stdout.write(`${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
}

export function heading(text: string): void {
  process.stdout.write(`\n== ${text} ==\n`);
}

export function note(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The one machine-readable line a benchmark ends with; `npm run bench` collects these. */
export function printResultLine(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function fixed(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}

export function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function verdict(met: boolean): string {
  return met ? 'MET' : 'MISSED';
}
