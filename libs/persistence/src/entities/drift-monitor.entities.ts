import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { RegisteredModelEntity } from './registered-model.entity';

/**
 * The reference a (version, site) stream is compared with (docs/drift-monitor.md): frozen once from the
 * approval's evidence (the passed validation at that site, else the version's training profile) and never
 * recomputed, so every window of the stream is judged against the same bins. `profile` is the
 * `ReferenceProfile` of @vigil/drift; `fingerprint` is its SHA-256.
 */
@Entity({ name: 'reference_profile' })
export class ReferenceProfileEntity {
  @PrimaryColumn({ name: 'model_id', type: 'uuid', primaryKeyConstraintName: 'pk_reference_profile' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_reference_profile_model' })
  model?: RegisteredModelEntity;

  @PrimaryColumn({ name: 'version', type: 'integer', primaryKeyConstraintName: 'pk_reference_profile' })
  version!: number;

  @PrimaryColumn({ name: 'site', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_reference_profile' })
  site!: string;

  @Column({ name: 'fingerprint', type: 'char', length: 64 })
  fingerprint!: string;

  /** `validation` (the passed validation run at the site) or `training` (the version's training dataset). */
  @Column({ name: 'source', type: 'varchar', length: 20 })
  source!: 'validation' | 'training';

  /** What exactly it was built from, in words and ids (run, dataset, checksum). */
  @Column({ name: 'source_detail', type: 'jsonb' })
  sourceDetail!: Record<string, unknown>;

  @Column({ name: 'profile', type: 'jsonb' })
  profile!: Record<string, unknown>;

  @Column({ name: 'frozen_at', type: 'timestamptz' })
  frozenAt!: Date;
}

/**
 * One evaluated tumbling window of a stream, per phase: `inputs` (input, prediction and feedback signals,
 * evaluated shortly after the window ends) or `performance` (evaluated after the policy's label delay, over the
 * outcomes that had arrived). The primary key is what makes evaluation happen once per window.
 */
@Entity({ name: 'drift_window' })
@Check('ck_drift_window_phase', `"phase" IN ('inputs', 'performance')`)
export class DriftWindowEntity {
  @PrimaryColumn({ name: 'model_id', type: 'uuid', primaryKeyConstraintName: 'pk_drift_window' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_drift_window_model' })
  model?: RegisteredModelEntity;

  @PrimaryColumn({ name: 'version', type: 'integer', primaryKeyConstraintName: 'pk_drift_window' })
  version!: number;

  @PrimaryColumn({ name: 'site', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_drift_window' })
  site!: string;

  @PrimaryColumn({ name: 'phase', type: 'varchar', length: 12, primaryKeyConstraintName: 'pk_drift_window' })
  phase!: 'inputs' | 'performance';

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz', primaryKeyConstraintName: 'pk_drift_window' })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz' })
  windowEnd!: Date;

  @Column({ name: 'policy_revision', type: 'integer' })
  policyRevision!: number;

  @Column({ name: 'reference_fingerprint', type: 'char', length: 64 })
  referenceFingerprint!: string;

  @Column({ name: 'events', type: 'integer' })
  events!: number;

  /** The window's `WindowReport` (statistics per feature, prediction, performance, feedback). */
  @Column({ name: 'report', type: 'jsonb' })
  report!: Record<string, unknown>;

  /** What each watched signal measured and how it was judged, by signal. */
  @Column({ name: 'signals', type: 'jsonb' })
  signals!: Record<string, unknown>;

  /** The bounded aggregate the report was computed from (`WindowAggregateState`), kept for merging and audit. */
  @Column({ name: 'aggregate', type: 'jsonb' })
  aggregate!: Record<string, unknown>;

  @Column({ name: 'evaluated_at', type: 'timestamptz' })
  evaluatedAt!: Date;

  @Column({ name: 'evaluated_by', type: 'varchar', length: 200 })
  evaluatedBy!: string;
}

/** What the rules remember about one (model, version, site, signal) between windows: `IncidentState`. */
@Entity({ name: 'drift_incident' })
@Index('ix_drift_incident_deadline', ['nextDeadline'])
export class DriftIncidentEntity {
  @PrimaryColumn({ name: 'model_id', type: 'uuid', primaryKeyConstraintName: 'pk_drift_incident' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_drift_incident_model' })
  model?: RegisteredModelEntity;

  @PrimaryColumn({ name: 'version', type: 'integer', primaryKeyConstraintName: 'pk_drift_incident' })
  version!: number;

  @PrimaryColumn({ name: 'site', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_drift_incident' })
  site!: string;

  @PrimaryColumn({ name: 'signal', type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_drift_incident' })
  signal!: string;

  @Column({ name: 'status', type: 'varchar', length: 20 })
  status!: string;

  @Column({ name: 'state', type: 'jsonb' })
  state!: Record<string, unknown>;

  /** The monitoring policy revision whose rule the state was last advanced with. */
  @Column({ name: 'policy_revision', type: 'integer' })
  policyRevision!: number;

  /** The incident's current ticket (open or recovering), if any. */
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  /** When an escalation or the end of a cool-down falls due without a new window. */
  @Column({ name: 'next_deadline', type: 'timestamptz', nullable: true })
  nextDeadline!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A governance ticket: one per incident, updated by later windows, closed after recovery or by a person. */
@Entity({ name: 'governance_ticket' })
@Index('ix_governance_ticket_status', ['status', 'openedAt'])
@Index('ix_governance_ticket_key', ['modelId', 'version', 'site', 'signal'])
@Unique('uq_governance_ticket_number', ['number'])
@Check('ck_governance_ticket_status', `"status" IN ('open', 'recovering', 'closed')`)
export class GovernanceTicketEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_governance_ticket' })
  id!: string;

  /** Shown as VGL-<number>; from the sequence governance_ticket_number_seq. */
  @Column({ name: 'number', type: 'integer' })
  number!: number;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @ManyToOne(() => RegisteredModelEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_governance_ticket_model' })
  model?: RegisteredModelEntity;

  @Column({ name: 'model_name', type: 'varchar', length: 200 })
  modelName!: string;

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'site', type: 'varchar', length: 100 })
  site!: string;

  @Column({ name: 'signal', type: 'varchar', length: 40 })
  signal!: string;

  @Column({ name: 'status', type: 'varchar', length: 12 })
  status!: 'open' | 'recovering' | 'closed';

  @Column({ name: 'severity', type: 'varchar', length: 10 })
  severity!: string;

  @Column({ name: 'owner', type: 'varchar', length: 200 })
  owner!: string;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'policy_revision', type: 'integer' })
  policyRevision!: number;

  @Column({ name: 'escalation_to', type: 'varchar', length: 200, nullable: true })
  escalationTo!: string | null;

  @Column({ name: 'escalation_due', type: 'timestamptz', nullable: true })
  escalationDue!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 200, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** `recovered` or `resolved_manually`. */
  @Column({ name: 'close_reason', type: 'varchar', length: 20, nullable: true })
  closeReason!: string | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 200, nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote!: string | null;

  /** The evidence it opened with: what the signal measures, levels, the crossed windows, worst features. */
  @Column({ name: 'evidence', type: 'jsonb' })
  evidence!: Record<string, unknown>;

  /** The latest window recorded on it. */
  @Column({ name: 'latest_window', type: 'jsonb', nullable: true })
  latestWindow!: Record<string, unknown> | null;

  @Column({ name: 'window_count', type: 'integer' })
  windowCount!: number;

  /** Links to the version, its validation report and its approval. */
  @Column({ name: 'links', type: 'jsonb' })
  links!: { label: string; url: string }[];

  /** Ids the outbound sinks gave it, by sink (e.g. `{ "jira": "CLIN-12" }`). */
  @Column({ name: 'external_refs', type: 'jsonb' })
  externalRefs!: Record<string, string>;
}

/** Everything that happened to a ticket, in order; the outbound sinks deliver these in `seq` order. */
@Entity({ name: 'governance_ticket_event' })
@Index('ix_governance_ticket_event_ticket', ['ticketId', 'seq'])
@Unique('uq_governance_ticket_event_id', ['id'])
export class GovernanceTicketEventEntity {
  @PrimaryGeneratedColumn('identity', {
    name: 'seq',
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_governance_ticket_event',
  })
  seq!: string;

  @Column({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => GovernanceTicketEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_governance_ticket_event_ticket' })
  ticket?: GovernanceTicketEntity;

  /** opened | updated | escalated | acknowledged | closed */
  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor', type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'summary', type: 'text' })
  summary!: string;

  /** The window that caused it, when a window did. */
  @Column({ name: 'window', type: 'jsonb', nullable: true })
  window!: Record<string, unknown> | null;
}

/** One ticket event as an outbound sink finished with it: delivered, or given up on with the reason. */
@Entity({ name: 'ticket_delivery' })
@Check('ck_ticket_delivery_status', `"status" IN ('delivered', 'failed')`)
export class TicketDeliveryEntity {
  @PrimaryColumn({ name: 'sink', type: 'varchar', length: 50, primaryKeyConstraintName: 'pk_ticket_delivery' })
  sink!: string;

  @PrimaryColumn({ name: 'event_seq', type: 'bigint', primaryKeyConstraintName: 'pk_ticket_delivery' })
  eventSeq!: string;

  @Column({ name: 'status', type: 'varchar', length: 10 })
  status!: 'delivered' | 'failed';

  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;
}
