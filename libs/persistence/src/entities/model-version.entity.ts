import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { IoSignature } from '@vigil/domain';
import { RegisteredModelEntity } from './registered-model.entity';

@Entity({ name: 'model_version' })
@Unique('uq_model_version_model_version', ['modelId', 'version'])
@Unique('uq_model_version_model_sha256', ['modelId', 'artifactSha256'])
@Check('ck_model_version_status', `"status" IN ('registered', 'validating', 'validated', 'failed', 'archived')`)
@Check('ck_model_version_sha256', `"artifact_sha256" ~ '^[0-9a-f]{64}$'`)
@Check('ck_model_version_threshold', `"threshold" >= 0 AND "threshold" <= 1`)
@Index('ix_model_version_artifact_sha256', ['artifactSha256'])
export class ModelVersionEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_model_version' })
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_model_version_model' })
  model?: RegisteredModelEntity;

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'status', type: 'varchar', length: 20, default: 'registered' })
  status!: string;

  @Column({ name: 'artifact_sha256', type: 'char', length: 64 })
  artifactSha256!: string;

  @Column({ name: 'artifact_size_bytes', type: 'bigint' })
  artifactSizeBytes!: string;

  @Column({ name: 'git_commit', type: 'varchar', length: 64 })
  gitCommit!: string;

  @Column({ name: 'training_data_uri', type: 'text' })
  trainingDataUri!: string;

  @Column({ name: 'parent_version', type: 'integer', nullable: true })
  parentVersion!: number | null;

  @Column({ name: 'threshold', type: 'double precision', default: 0.5 })
  threshold!: number;

  @Column({ name: 'feature_columns', type: 'jsonb', nullable: true })
  featureColumns!: string[] | null;

  @Column({ name: 'io_signature', type: 'jsonb' })
  ioSignature!: IoSignature;

  @Column({ name: 'row_version', type: 'integer', default: 1 })
  rowVersion!: number;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'archive_reason', type: 'text', nullable: true })
  archiveReason!: string | null;
}
