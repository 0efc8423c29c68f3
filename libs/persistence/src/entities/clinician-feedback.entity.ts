import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { InferenceEventKeyEntity } from './inference-event-key.entity';

/** What the clinician did with one event's output; at most one per event (the first one wins). */
@Entity({ name: 'clinician_feedback' })
@Check('ck_clinician_feedback_action', `"action" IN ('accepted', 'overridden', 'dismissed')`)
export class ClinicianFeedbackEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_clinician_feedback' })
  eventId!: string;

  // The event's key, not its (partitioned) row: retention deletes the key, and this row with it.
  @OneToOne(() => InferenceEventKeyEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_clinician_feedback_event' })
  event?: InferenceEventKeyEntity;

  @Column({ name: 'action', type: 'varchar', length: 20 })
  action!: 'accepted' | 'overridden' | 'dismissed';

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'submitted_by', type: 'varchar', length: 200 })
  submittedBy!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
