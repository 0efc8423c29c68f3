import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { InferenceEventKeyEntity } from './inference-event-key.entity';

/** The observed label of one event, arriving days later; at most one per event (the first one wins). */
@Entity({ name: 'event_outcome' })
@Check('ck_event_outcome_label', `"label" IN (0, 1)`)
export class EventOutcomeEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_event_outcome' })
  eventId!: string;

  // The event's key, not its (partitioned) row: retention deletes the key, and this row with it.
  @OneToOne(() => InferenceEventKeyEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_outcome_event' })
  event?: InferenceEventKeyEntity;

  @Column({ name: 'label', type: 'smallint' })
  label!: number;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'submitted_by', type: 'varchar', length: 200 })
  submittedBy!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
