import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a POST carrying an Idempotency-Key, replayed to retries of the same request. */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({
    name: 'principal_id',
    type: 'varchar',
    length: 100,
    primaryKeyConstraintName: 'pk_idempotency_record',
  })
  principalId!: string;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_idempotency_record' })
  key!: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** Null while the first request is still being handled. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
