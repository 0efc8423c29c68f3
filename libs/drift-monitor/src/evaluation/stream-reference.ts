import type { DatasetProfile } from '@vigil/datasets';
import { buildReferenceProfile, type ReferenceProfile } from '@vigil/drift';

/** What a stream's reference is built from, as the repository found it. */
export type StreamReferenceSource =
  | {
      kind: 'validation';
      runId: string;
      jobId: string;
      datasetId: string;
      datasetName: string;
      datasetChecksum: string;
      labelColumn: string;
      profile: DatasetProfile;
      /** The job's stored `DatasetValidationResult`. */
      result: {
        auroc?: number | null;
        sensitivity?: number | null;
        ppv?: number | null;
        scoreDeciles?: { decileEdges: number[]; binCounts: number[] } | null;
      };
    }
  | {
      kind: 'training';
      datasetId: string;
      datasetName: string;
      datasetChecksum: string;
      labelColumn: string;
      profile: DatasetProfile;
    };

export interface BuiltStreamReference {
  profile: ReferenceProfile;
  /** Stored beside it: where it came from and what it lacks, in words a ticket reader understands. */
  detail: Record<string, unknown>;
}

/**
 * The frozen reference of a (version, site) stream. From a passed validation at the site: that dataset's column
 * profile (decile bins, categories, missing shares, 257 quantiles per numeric column for the KS/W1 grid), the
 * model's scores on it (prediction drift) and its AUROC, sensitivity and PPV at the version's threshold (the
 * `*_drop` signals). From the training dataset: its column profile only (no scores, no performance).
 */
export function buildStreamReference(
  source: StreamReferenceSource,
  version: { threshold: number; featureColumns: string[] | null },
): BuiltStreamReference {
  const dataset: DatasetProfile = { ...source.profile, labelColumn: source.labelColumn };
  const present = new Set(dataset.columns.map((c) => c.name));
  const features = version.featureColumns?.filter((f) => present.has(f));
  const numericValues = new Map<string, number[]>();
  for (const c of dataset.columns) {
    if (c.kind === 'numeric' && c.quantiles !== undefined && c.quantiles.length > 0)
      numericValues.set(c.name, c.quantiles);
  }
  const validation = source.kind === 'validation' ? source.result : null;
  const scores = validation?.scoreDeciles ?? undefined;
  const profile = buildReferenceProfile({
    dataset,
    features: features === undefined || features.length === 0 ? undefined : features,
    numericValues,
    scores: scores === null ? undefined : scores,
    performance:
      validation === null
        ? undefined
        : {
            threshold: version.threshold,
            auroc: validation.auroc ?? null,
            sensitivity: validation.sensitivity ?? null,
            ppv: validation.ppv ?? null,
          },
  });
  const missingFeatures = (version.featureColumns ?? []).filter((f) => !present.has(f));
  const lacks: string[] = [];
  if (profile.scores === null) lacks.push('no reference scores: prediction_psi is not judged');
  if (profile.performance === null) lacks.push('no reference performance: the *_drop signals are not judged');
  if (numericValues.size === 0) lacks.push('no stored quantiles: KS and Wasserstein are not reported');
  if (missingFeatures.length > 0) lacks.push(`features not in the reference dataset: ${missingFeatures.join(', ')}`);
  return {
    profile,
    detail: {
      kind: source.kind,
      datasetId: source.datasetId,
      dataset: source.datasetName,
      datasetChecksum: source.datasetChecksum,
      ...(source.kind === 'validation' ? { validationRunId: source.runId, validationJobId: source.jobId } : {}),
      lacks,
    },
  };
}
