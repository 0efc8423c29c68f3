import { type IoSignature } from '@vigil/domain';

export interface ArtifactInfo {
  /** Lower-case hex SHA-256 of the ONNX bytes. */
  sha256: string;
  sizeBytes: number;
}

export interface Lineage {
  gitCommit: string;
  trainingDataUri: string;
  parentVersion: number | null;
}

/** Lifecycle states; the registry may add more as the governance flow grows, so any string is accepted. */
export type ModelVersionStatus = string;

export interface ModelVersion {
  model: string;
  version: number;
  status: ModelVersionStatus;
  artifact: ArtifactInfo;
  lineage: Lineage;
  threshold: number | null;
  featureColumns: string[] | null;
  ioSignature: IoSignature;
  createdAt: string;
  createdBy: string;
  archivedAt: string | null;
  /** Why it was archived; the registry sends it though docs/api.md does not list it yet. */
  archiveReason?: string | null;
  /** Opaque; send it back as `If-Match` when changing the version. */
  etag: string;
}

/** The `metadata` part of a registration. */
export interface VersionMetadata {
  /** 7–64 hex characters. */
  gitCommit: string;
  trainingDataUri: string;
  parentVersion?: number;
  threshold?: number;
  featureColumns?: string[];
}

/**
 * The ONNX bytes to upload. The caller opens them (a file on disk in the CLI, a `File` in a browser), so the
 * client stays free of platform-specific I/O; `sizeBytes` must be exact because it sets `Content-Length`.
 */
export interface ArtifactUpload {
  stream: ReadableStream<Uint8Array>;
  sizeBytes: number;
  filename: string;
}

/** Bytes on their way down, not yet verified: the caller hashes them while storing. */
export interface ArtifactDownload {
  body: ReadableStream<Uint8Array>;
  /** `X-Checksum-Sha256`, lower-cased; null when the server sent none. */
  checksumSha256: string | null;
  /** `Content-Length`, when the server sent one. */
  sizeBytes: number | null;
  requestId: string | null;
}

/** Progress of a transfer, called as bytes pass; `total` is null when unknown. */
export type TransferProgress = (transferred: number, total: number | null) => void;
