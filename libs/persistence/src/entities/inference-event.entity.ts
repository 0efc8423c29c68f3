import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RegisteredModelEntity } from './registered-model.entity';

/**
 * One scored case an inference node reported (docs/drift-ingestion.md). Written once, by event id (a retry
 * is a no-op), and deleted only by retention. Feature values stay as posted (numbers, category codes, nulls).
 *
 * The table is partitioned by day of `event_time` (`inference_event_pYYYYMMDD` plus a default partition;
 * migration 1763860000000, EventRetentionService), which TypeORM cannot express: the entity describes the
 * parent table. Its primary key has to include the partition column, so it is (event_id, event_time); that the
 * id alone is unique is enforced by `inference_event_key`.
 */
@Entity({ name: 'inference_event' })
@Index('ix_inference_event_stream', ['modelId', 'version', 'site', 'eventTime'])
@Check('ck_inference_event_score', `"score" >= 0 AND "score" <= 1`)
export class InferenceEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_inference_event' })
  eventId!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_inference_event_model' })
  model?: RegisteredModelEntity;

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'site', type: 'varchar', length: 100 })
  site!: string;

  @PrimaryColumn({ name: 'event_time', type: 'timestamptz', primaryKeyConstraintName: 'pk_inference_event' })
  eventTime!: Date;

  @Column({ name: 'features', type: 'jsonb' })
  features!: Record<string, number | string | null>;

  @Column({ name: 'score', type: 'double precision' })
  score!: number;

  @Column({ name: 'alert_shown', type: 'boolean' })
  alertShown!: boolean;

  @Column({ name: 'submitted_by', type: 'varchar', length: 200 })
  submittedBy!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
