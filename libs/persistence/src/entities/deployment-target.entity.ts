import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RegisteredModelEntity } from './registered-model.entity';

/** What an (environment, site) target runs now for one model; changed only by promotion and rollback. */
@Entity({ name: 'deployment_target' })
export class DeploymentTargetEntity {
  @PrimaryColumn({ name: 'model_id', type: 'uuid', primaryKeyConstraintName: 'pk_deployment_target' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_deployment_target_model' })
  model?: RegisteredModelEntity;

  @PrimaryColumn({ name: 'environment', type: 'varchar', length: 50, primaryKeyConstraintName: 'pk_deployment_target' })
  environment!: string;

  @PrimaryColumn({ name: 'site', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_deployment_target' })
  site!: string;

  @Column({ name: 'version', type: 'integer', nullable: true })
  version!: number | null;

  @Column({ name: 'approval_request_id', type: 'uuid', nullable: true })
  approvalRequestId!: string | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 200, nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;
}
