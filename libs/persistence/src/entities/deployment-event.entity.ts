import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every promotion and rollback of a target, in order: what rollback walks back through. */
@Entity({ name: 'deployment_event' })
@Index('ix_deployment_event_target', ['modelId', 'environment', 'site', 'occurredAt'])
@Check('ck_deployment_event_kind', `"kind" IN ('promote', 'rollback')`)
export class DeploymentEventEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_deployment_event' })
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @Column({ name: 'environment', type: 'varchar', length: 50 })
  environment!: string;

  @Column({ name: 'site', type: 'varchar', length: 100 })
  site!: string;

  @Column({ name: 'kind', type: 'varchar', length: 10 })
  kind!: 'promote' | 'rollback';

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'previous_version', type: 'integer', nullable: true })
  previousVersion!: number | null;

  @Column({ name: 'approval_request_id', type: 'uuid', nullable: true })
  approvalRequestId!: string | null;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'actor', type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
