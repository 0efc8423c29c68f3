import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { RegisteredModelEntity } from './registered-model.entity';

/** Versioned: a change adds a row; the highest policy_version of a model is in force. */
@Entity({ name: 'approval_policy' })
@Unique('uq_approval_policy_model_version', ['modelId', 'policyVersion'])
export class ApprovalPolicyEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_approval_policy' })
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_approval_policy_model' })
  model?: RegisteredModelEntity;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'document', type: 'jsonb' })
  document!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
