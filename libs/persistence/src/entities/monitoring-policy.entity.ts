import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { RegisteredModelEntity } from './registered-model.entity';

/** One revision of a model's monitoring policy; a new document is a new revision, never an edit. */
@Entity({ name: 'monitoring_policy' })
@Unique('uq_monitoring_policy_model_revision', ['modelId', 'revision'])
export class MonitoringPolicyEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_monitoring_policy' })
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_monitoring_policy_model' })
  model?: RegisteredModelEntity;

  @Column({ name: 'revision', type: 'integer' })
  revision!: number;

  /** The normalised policy (`MonitoringPolicy` of @vigil/domain): durations in milliseconds, defaults filled in. */
  @Column({ name: 'policy', type: 'jsonb' })
  policy!: Record<string, unknown>;

  /** The document as it was sent, for showing people what they wrote. */
  @Column({ name: 'source', type: 'text' })
  source!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
