import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import {
  ARTIFACT_STORE,
  ArtifactNotFoundError,
  ArtifactStoreUnavailableError,
  type ArtifactStore,
} from '@vigil/storage';
import { GetModelVersionUseCase } from './get-model-version.use-case';

export interface OpenedArtifact {
  stream: Readable;
  sizeBytes: number;
  sha256: string;
}

@Injectable()
export class OpenVersionArtifactUseCase {
  constructor(
    private readonly getVersion: GetModelVersionUseCase,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  async execute(modelName: string, version: number): Promise<OpenedArtifact> {
    const v = await this.getVersion.execute(modelName, version);
    try {
      const { stream, sizeBytes } = await this.store.open(v.artifactSha256);
      return { stream, sizeBytes, sha256: v.artifactSha256 };
    } catch (e) {
      if (e instanceof ArtifactNotFoundError) throw RegistryErrors.artifactUnavailable(v.artifactSha256);
      if (e instanceof ArtifactStoreUnavailableError) throw RegistryErrors.artifactStoreUnavailable(e.message);
      throw e;
    }
  }
}
