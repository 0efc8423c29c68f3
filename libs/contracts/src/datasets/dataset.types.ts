import type { AcceptanceCriteria } from '@vigil/domain';
import type { DatasetFileFormat } from './register-dataset.dto';

/** A column of a dataset profile as the registry returns it (see docs/site-datasets.md for every field). */
export interface DatasetColumnProfile {
  name: string;
  kind: 'numeric' | 'categorical';
  count: number;
  missing: number;
  nonNumeric?: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  decileEdges?: number[];
  binCounts?: number[];
  /** The sample's quantiles at k/256 (the drift monitor's KS/W1 grid); absent in older profiles. */
  quantiles?: number[];
  sampled?: boolean;
  categories?: { value: string; count: number }[];
  otherCount?: number;
  distinct?: number;
  distinctCapped?: boolean;
}

/** The column profile computed when a dataset is registered (at the registry, or at the site by reference). */
export interface DatasetProfileSummary {
  format: DatasetFileFormat;
  rowCount: number;
  labelColumn?: string;
  subgroupColumns?: string[];
  sampleSize?: number;
  columns: DatasetColumnProfile[];
}

/** A site's dataset. `stored`: the registry holds the file; `reference`: it stays at the site. */
export interface SiteDataset {
  id: string;
  site: string;
  name: string;
  /** `site/name`, how the CLI and validation runs name it. */
  ref: string;
  description: string | null;
  storage: 'stored' | 'reference';
  /** Where the site's runner reads a `reference` dataset; null for `stored`. */
  uri: string | null;
  /** SHA-256 of the file, lower-case hex. */
  checksum: string;
  sizeBytes: number | null;
  format: DatasetFileFormat;
  rowCount: number;
  labelColumn: string;
  subgroupColumns: string[];
  columnCount: number;
  registeredBy: string;
  createdAt: string;
}

/** One dataset with its full column profile (`GET /sites/:site/datasets/:name`, and registration answers). */
export interface SiteDatasetDetail extends SiteDataset {
  profile: DatasetProfileSummary;
}

/** What the caller says about an upload; the file itself travels as the multipart part `file`. */
export interface RegisterDatasetInput {
  site: string;
  name: string;
  labelColumn: string;
  subgroupColumns?: string[];
  description?: string;
  format?: DatasetFileFormat;
}

/** A dataset that stays at the site: its location, checksum and the profile computed there. */
export interface RegisterReferenceDatasetInput {
  site: string;
  name: string;
  uri: string;
  checksum: string;
  format: DatasetFileFormat;
  rowCount: number;
  sizeBytes?: number;
  labelColumn: string;
  subgroupColumns?: string[];
  description?: string;
  profile: DatasetProfileSummary;
}

/** One version of a model's acceptance criteria. */
export interface AcceptanceCriteriaVersion {
  model: string;
  version: number;
  /** The normalised document, as `parseAcceptanceCriteria` returns it. */
  document: AcceptanceCriteria;
  /** Each criterion in words, in document order. */
  summary: string[];
  /** SHA-256 of the document's canonical JSON: what the audit trail and validation runs refer to. */
  documentSha256: string;
  createdBy: string;
  createdAt: string;
}
