import type { ClassificationMetrics, DatasetValidationResult } from '@vigil/contracts';
import { type DatasetProfile, readFeatureBatches, sha256File } from '@vigil/datasets';
import { type ExecutionProviderPreference, ScoringPool } from '@vigil/inference';
import { LatencyRecorder } from '@vigil/stats';
import { PopulationReference } from './population-reference';
import { ScoredRows } from './scored-rows';

export interface ValidationProgress {
  rowsRead: number;
  rowsScored: number;
  rejectedRows: number;
  /** Total rows when known up front (a registered dataset's row count), else null. */
  rowsTotal: number | null;
}

export interface ValidateDatasetOptions {
  modelPath: string;
  datasetPath: string;
  format?: string;
  featureColumns: readonly string[];
  labelColumn: string;
  subgroupColumns?: readonly string[];
  threshold: number;
  executionProvider?: ExecutionProviderPreference;
  /** Scoring worker threads, one onnxruntime session each (default 1). */
  workers?: number;
  intraOpNumThreads?: number;
  batchSize?: number;
  maxRejectedFraction?: number;
  /** The training/reference profile whose decile bins the site's features are compared with (PSI). */
  reference?: { name: string; profile: DatasetProfile } | null;
  /** PSI above which a feature counts as shifted in the population-match summary (CLINICAL.md: 0.25). */
  psiThreshold?: number;
  /** How many single-row calls are timed for the latency percentiles (default 200). */
  latencyCalls?: number;
  /** Known checksums (the registry's); computed from the files when absent. */
  modelChecksum?: string;
  datasetChecksum?: string;
  rowsTotal?: number | null;
  onProgress?: (progress: ValidationProgress) => void;
  log?: (message: string) => void;
  /** Stops the pass between batches (a runner that lost its lease); the promise rejects with the reason. */
  signal?: AbortSignal;
}

const DEFAULT_LATENCY_CALLS = 200;
const LATENCY_SAMPLE_ROWS = 64;

/**
 * Replays one dataset through one model in a single streaming pass: rows are read in batches, scored in a
 * worker-thread pool (so the caller's event loop stays free), and folded into mergeable accumulators for
 * the whole population and each subgroup. Memory is bounded by the kept rows (a float32 score filed under its
 * label and a byte per subgroup column: 6 bytes a row with two subgroup columns, plus 4 bytes a row while the
 * metrics are computed at the end) plus the batches in flight.
 */
export async function validateDataset(options: ValidateDatasetOptions): Promise<DatasetValidationResult> {
  const featureCount = options.featureColumns.length;
  const subgroupColumns = options.subgroupColumns ?? [];
  const [modelChecksum, datasetChecksum] = await Promise.all([
    options.modelChecksum ?? sha256File(options.modelPath),
    options.datasetChecksum ?? sha256File(options.datasetPath),
  ]);

  const batches = readFeatureBatches({
    path: options.datasetPath,
    format: options.format,
    featureColumns: [...options.featureColumns],
    labelColumn: options.labelColumn,
    subgroupColumns: [...subgroupColumns],
    batchSize: options.batchSize,
    maxRejectedFraction: options.maxRejectedFraction,
  });
  // The header is checked (missing columns named) before the model is loaded or any row scored.
  await batches.columns();
  const population = options.reference ? PopulationReference.compare(options.reference, options.featureColumns) : null;

  const pool = await ScoringPool.start({
    modelPath: options.modelPath,
    executionProvider: options.executionProvider ?? 'cpu',
    workers: options.workers ?? 1,
    intraOpNumThreads: options.intraOpNumThreads,
    featureCount,
    log: options.log,
  });
  try {
    const scored = new ScoredRows(options.threshold, subgroupColumns);
    const progress: ValidationProgress = {
      rowsRead: 0,
      rowsScored: 0,
      rejectedRows: 0,
      rowsTotal: options.rowsTotal ?? null,
    };
    let latencySample: Float32Array | null = null;
    let latencySampleRows = 0;

    const maxInFlight = Math.max(2, pool.workers * 2);
    const inFlight = new Set<Promise<void>>();
    // Set by the first scoring call that fails; the loop stops feeding batches once it is.
    const failed: { error?: Error } = {};
    const started = process.hrtime.bigint();

    for await (const batch of batches) {
      options.signal?.throwIfAborted();
      if (failed.error) break;
      const { count, labels } = batch;
      if (count === 0) continue;
      progress.rowsRead = batch.report.rowsRead;
      progress.rejectedRows = batch.report.rejectedRows;
      population?.addBatch(batch.features, count);
      if (latencySample === null) {
        latencySampleRows = Math.min(count, LATENCY_SAMPLE_ROWS);
        latencySample = batch.features.slice(0, latencySampleRows * featureCount);
      }
      const groupValues = batch.subgroups;
      // The features buffer is transferred to a worker: nothing may read it after this call.
      const scoring = pool.score(batch.features, count).then((scores) => {
        scored.add(scores, labels, groupValues, count);
        progress.rowsScored += count;
        options.onProgress?.({ ...progress });
      });
      const tracked = scoring.catch((error: unknown) => {
        failed.error ??= error instanceof Error ? error : new Error(String(error));
      });
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failed.error) throw failed.error;
    options.signal?.throwIfAborted();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    const report = batches.report();
    progress.rowsRead = report.rowsRead;
    progress.rejectedRows = report.rejectedRows;
    options.onProgress?.({ ...progress });

    const latency = new LatencyRecorder();
    if (latencySample !== null) {
      const times = await pool.measureSingleRowLatency(
        latencySample,
        latencySampleRows,
        options.latencyCalls ?? DEFAULT_LATENCY_CALLS,
      );
      for (const ms of times) latency.record(ms);
    }
    // The workers' memory is given back before the metrics step needs its own.
    await pool.close();

    const { overall, bySubgroup, scoreDeciles } = scored.metrics();
    const metrics: ClassificationMetrics = overall;
    return {
      ...metrics,
      rejectedRows: report.rejectedRows,
      rejectedExamples: report.examples.map((example) => ({ row: example.row, reason: example.reason })),
      latencyMs: latency.count > 0 ? latency.summary() : { p50: 0, p95: 0, p99: 0 },
      rowsPerSecond: seconds > 0 ? metrics.n / seconds : 0,
      executionProvider: pool.executionProvider,
      subgroups: bySubgroup,
      populationMatch: population?.result(options.psiThreshold ?? 0.25) ?? null,
      scoreDeciles,
      modelChecksum,
      datasetChecksum,
    };
  } finally {
    await pool.close();
  }
}
