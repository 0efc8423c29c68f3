import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RegisterVersionMetadataDto } from '@vigil/contracts';
import { DomainError, type IoSignature, RegistryErrors } from '@vigil/domain';
import { NotAnOnnxModelError, OnnxInspectionTimeoutError, inspectOnnxModel } from '@vigil/inference';
import {
  AuditLogRepository,
  ModelVersionEntity,
  ModelVersionRepository,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { ARTIFACT_STORE, ArtifactStoreUnavailableError, type ArtifactStore } from '@vigil/storage';
import { DataSource } from 'typeorm';
import type { ActorContext } from '../shared/actor-context';
import { auditEntry } from '../shared/audit-entry';
import { REGISTRY_OPTIONS, type RegistryOptions } from '../shared/registry-options';
import { Semaphore } from '../shared/semaphore';
import type { StagedArtifact } from './artifact-staging';
import { versionAuditState, versionEntityId } from './version-audit-state';

/** What the caller declares about a version (validated at the edge by the contract's DTO). */
export type VersionMetadata = Pick<
  RegisterVersionMetadataDto,
  'gitCommit' | 'trainingDataUri' | 'parentVersion' | 'threshold' | 'featureColumns'
>;

export interface RegisterModelVersionCommand extends ActorContext {
  modelName: string;
  metadata: VersionMetadata;
  staged: StagedArtifact;
}

@Injectable()
export class RegisterModelVersionUseCase {
  private readonly logger = new Logger('RegisterModelVersion');
  private readonly inspections: Semaphore;

  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly versions: ModelVersionRepository,
    private readonly audit: AuditLogRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(REGISTRY_OPTIONS) options: RegistryOptions,
  ) {
    this.inspections = new Semaphore(options.maxConcurrentInspections);
  }

  /** Checks that can fail before any byte is uploaded: the model and the parent exist. */
  async precheck(modelName: string, metadata: VersionMetadata): Promise<void> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    if (metadata.parentVersion !== undefined && !(await this.versions.findOne(model.id, metadata.parentVersion))) {
      throw RegistryErrors.parentNotFound(modelName, metadata.parentVersion);
    }
  }

  async execute(cmd: RegisterModelVersionCommand): Promise<ModelVersionEntity> {
    const { staged, metadata } = cmd;
    const model = await this.models.findByName(cmd.modelName);
    if (!model) throw RegistryErrors.modelNotFound(cmd.modelName);
    const duplicate = await this.versions.findBySha256(model.id, staged.sha256);
    if (duplicate) throw RegistryErrors.versionExists(model.name, duplicate.version, staged.sha256);

    const ioSignature = await this.inspect(staged.path);
    checkFeatureColumns(ioSignature, metadata.featureColumns);

    const { created } = await this.store.moveFile(staged.sha256, staged.path, staged.sizeBytes).catch((e: unknown) => {
      if (e instanceof ArtifactStoreUnavailableError) throw RegistryErrors.artifactStoreUnavailable(e.message);
      throw e;
    });
    try {
      return await this.db.transaction(async (em) => {
        const locked = await this.models.lockByName(em, model.name);
        if (!locked) throw RegistryErrors.modelNotFound(model.name);
        // Re-checked under the model lock: a concurrent registration of the same bytes may have won.
        const raced = await this.versions.findBySha256(model.id, staged.sha256, em);
        if (raced) throw RegistryErrors.versionExists(model.name, raced.version, staged.sha256);
        if (
          metadata.parentVersion !== undefined &&
          !(await this.versions.findOne(model.id, metadata.parentVersion, em))
        ) {
          throw RegistryErrors.parentNotFound(model.name, metadata.parentVersion);
        }
        const next = (await this.versions.latestVersionNumber(model.id, em)) + 1;
        const version = await this.versions.save(
          em,
          Object.assign(new ModelVersionEntity(), {
            id: randomUUID(),
            modelId: model.id,
            version: next,
            status: 'registered',
            artifactSha256: staged.sha256,
            artifactSizeBytes: String(staged.sizeBytes),
            gitCommit: metadata.gitCommit.toLowerCase(),
            trainingDataUri: metadata.trainingDataUri,
            parentVersion: metadata.parentVersion ?? null,
            threshold: metadata.threshold ?? 0.5,
            featureColumns: metadata.featureColumns ?? null,
            ioSignature,
            rowVersion: 1,
            createdBy: cmd.principal.name,
            createdAt: new Date(),
            archivedAt: null,
            archiveReason: null,
          }),
        );
        await this.audit.append(
          em,
          auditEntry(cmd, {
            action: 'model_version.registered',
            entityType: 'model_version',
            entityId: versionEntityId(model.name, next),
            before: null,
            after: { ...versionAuditState(version), ioSignature },
          }),
        );
        return version;
      });
    } catch (e) {
      // Leave no orphan: remove the object we just created unless some version now refers to it.
      if (created && (await this.versions.countBySha256(staged.sha256).catch(() => 1)) === 0) {
        await this.store
          .delete(staged.sha256)
          .catch((err: unknown) =>
            this.logger.warn({ err, sha256: staged.sha256 }, 'could not remove orphan artifact'),
          );
      }
      throw e;
    }
  }

  private async inspect(path: string): Promise<IoSignature> {
    try {
      return await this.inspections.run(() => inspectOnnxModel(path, { isolate: true }));
    } catch (e) {
      if (e instanceof NotAnOnnxModelError) throw new DomainError('artifact_not_onnx', e.message);
      if (e instanceof OnnxInspectionTimeoutError)
        throw RegistryErrors.inspectionTimedOut(Math.round(e.timeoutMs / 1000));
      throw e;
    }
  }
}

/** When the first input has a fixed feature dimension, the declared columns must match it in number. */
function checkFeatureColumns(sig: IoSignature, columns: string[] | undefined): void {
  if (!columns) return;
  const dupes = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (dupes.length > 0) {
    throw RegistryErrors.validation([{ field: 'featureColumns', message: `lists ${dupes[0]} more than once` }]);
  }
  const input = sig.inputs[0];
  const width = input?.shape[input.shape.length - 1];
  if (input && input.shape.length >= 2 && typeof width === 'number' && width !== columns.length) {
    throw RegistryErrors.validation([
      {
        field: 'featureColumns',
        message: `lists ${columns.length} columns but the model's input "${input.name}" takes ${width} features`,
      },
    ]);
  }
}
