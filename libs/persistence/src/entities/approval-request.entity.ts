import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';

/** A request to approve one exact version (bound by checksum) for a target, under one policy version. */
@Entity({ name: 'approval_request' })
@Check('ck_approval_request_status', `"status" IN ('open', 'approved', 'rejected', 'stale', 'withdrawn', 'expired')`)
@Index('ix_approval_request_version', ['modelVersionId', 'environment'])
export class ApprovalRequestEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_approval_request' })
  id!: string;

  @Column({ name: 'model_version_id', type: 'uuid' })
  modelVersionId!: string;

  @ManyToOne(() => ModelVersionEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_version_id', foreignKeyConstraintName: 'fk_approval_request_version' })
  modelVersion?: ModelVersionEntity;

  @Column({ name: 'artifact_sha256', type: 'char', length: 64 })
  artifactSha256!: string;

  @Column({ name: 'environment', type: 'varchar', length: 50 })
  environment!: string;

  /** Sites the approval covers; empty = every site. */
  @Column({ name: 'sites', type: 'jsonb' })
  sites!: string[];

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'evidence', type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ name: 'status', type: 'varchar', length: 20 })
  status!: string;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 200 })
  requestedBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'row_version', type: 'integer', default: 1 })
  rowVersion!: number;
}
