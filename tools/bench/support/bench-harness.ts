export type Cleanup = () => Promise<void> | void;

export interface BenchContext {
  /** Aborted at the time limit or on SIGINT/SIGTERM; pass it to anything long (child processes, requests). */
  signal: AbortSignal;
  /** Registers a cleanup; all of them run, last registered first, however the benchmark ends. */
  defer(cleanup: Cleanup): void;
  /** `--name=value` arguments given after the script (e.g. `npm run bench -- --duration=5`). */
  args: ReadonlyMap<string, string>;
}

/**
 * Runs one benchmark with a hard time limit. Whatever happens (an error, the limit, Ctrl-C) the cleanups run,
 * so no server, PostgreSQL or temporary folder outlives the run, and the process then exits (a stray handle
 * cannot keep it alive). Exit code 1 when the benchmark failed.
 */
export function runBenchmark(name: string, limitMs: number, body: (ctx: BenchContext) => Promise<void>): void {
  const controller = new AbortController();
  const cleanups: Cleanup[] = [];
  const args = new Map<string, string>();
  for (const arg of process.argv.slice(2)) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) args.set(match[1], match[2] ?? 'true');
  }

  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(controller.signal.reason as Error);
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  const limit = setTimeout(
    () => controller.abort(new Error(`${name}: gave up after the ${limitMs / 1000} s limit`)),
    limitMs,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new Error(`${name}: interrupted by ${signal}`)));
  }

  const run = async () => {
    let failed = false;
    try {
      await Promise.race([body({ signal: controller.signal, defer: (c) => cleanups.push(c), args }), aborted]);
    } catch (e) {
      failed = true;
      process.stderr.write(`\n${name} FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    } finally {
      clearTimeout(limit);
      // Stop whatever the body still has running (load generators) before tearing the server down.
      if (!controller.signal.aborted) controller.abort(new Error(`${name}: finished`));
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (e) {
          process.stderr.write(`${name}: cleanup failed: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
    }
    process.exit(failed ? 1 : 0);
  };
  void run();
}
