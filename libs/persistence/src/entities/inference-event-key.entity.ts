import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The idempotency key of every stored inference event, unpartitioned: `inference_event` is partitioned by
 * day, and a partitioned table's unique key must include the partition column, so "one event per id across all
 * days" is enforced here instead. Written in the same transaction as the event row (the key first, and the event
 * only when its key was new); outcomes and feedback reference it. Carries the event's time and site so that the
 * event's partition and its site can be found from the id alone.
 */
@Entity({ name: 'inference_event_key' })
export class InferenceEventKeyEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_inference_event_key' })
  eventId!: string;

  @Column({ name: 'event_time', type: 'timestamptz' })
  eventTime!: Date;

  @Column({ name: 'site', type: 'varchar', length: 100 })
  site!: string;
}
