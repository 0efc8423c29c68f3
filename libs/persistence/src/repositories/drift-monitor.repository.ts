import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DriftIncidentEntity,
  DriftWindowEntity,
  GovernanceTicketEntity,
  GovernanceTicketEventEntity,
  ReferenceProfileEntity,
  TicketDeliveryEntity,
} from '../entities/drift-monitor.entities';

/** A (model, version, site) the monitor watches. */
export interface WatchedStream {
  modelId: string;
  modelName: string;
  version: number;
  site: string;
}

/** Where a stream's reference can come from, as stored: the newest passed validation at the site. */
export interface ValidationReferenceSource {
  runId: string;
  jobId: string;
  datasetId: string;
  datasetName: string;
  datasetChecksum: string;
  labelColumn: string;
  profile: Record<string, unknown>;
  result: Record<string, unknown>;
  finishedAt: Date;
}

/** The registered dataset whose URI is the version's training data, if any. */
export interface TrainingReferenceSource {
  datasetId: string;
  site: string;
  datasetName: string;
  datasetChecksum: string;
  labelColumn: string;
  profile: Record<string, unknown>;
}

export interface VersionFacts {
  versionId: string;
  threshold: number;
  featureColumns: string[] | null;
  trainingDataUri: string;
}

/**
 * Queries of the drift monitor's evaluation: which streams to watch, their references, windows, incidents and
 * tickets. Rules live in @vigil/drift-monitor; this is storage only.
 */
@Injectable()
export class DriftMonitorRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Streams worth evaluating: versions deployed now at a site (any environment) and versions replaced there
   * within `sinceReplaced` (their late events and outcomes still count), for models with a monitoring policy.
   */
  async watchedStreams(sinceReplaced: Date, manager?: EntityManager): Promise<WatchedStream[]> {
    const rows: { model_id: string; name: string; version: number; site: string }[] = await this.q(manager).query(
      `SELECT DISTINCT s.model_id, m.name, s.version, s.site
         FROM (SELECT model_id, version, site FROM deployment_target WHERE version IS NOT NULL
               UNION
               SELECT model_id, previous_version, site FROM deployment_event
                WHERE previous_version IS NOT NULL AND occurred_at >= $1) s
         JOIN registered_model m ON m.id = s.model_id
        WHERE EXISTS (SELECT 1 FROM monitoring_policy p WHERE p.model_id = s.model_id)
        ORDER BY m.name, s.version, s.site`,
      [sinceReplaced],
    );
    return rows.map((r) => ({ modelId: r.model_id, modelName: r.name, version: r.version, site: r.site }));
  }

  /**
   * Takes the stream's evaluation lock for the current transaction, or returns false at once when another
   * monitor replica holds it (that replica is evaluating the stream; this one moves on).
   */
  async tryLockStream(manager: EntityManager, s: Pick<WatchedStream, 'modelId' | 'version' | 'site'>) {
    const [row]: { locked: boolean }[] = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('vigil.drift:' || $1 || ':' || $2 || ':' || $3, 0)) AS locked`,
      [s.modelId, s.version, s.site],
    );
    return row.locked;
  }

  async versionFacts(modelId: string, version: number, manager?: EntityManager): Promise<VersionFacts | null> {
    const [row]: Record<string, unknown>[] = await this.q(manager).query(
      `SELECT id, threshold, feature_columns, training_data_uri FROM model_version WHERE model_id = $1 AND version = $2`,
      [modelId, version],
    );
    if (!row) return null;
    return {
      versionId: row.id as string,
      threshold: Number(row.threshold),
      featureColumns: (row.feature_columns as string[] | null) ?? null,
      trainingDataUri: row.training_data_uri as string,
    };
  }

  /** The approval request behind the version's deployment at the site (any environment), if recorded. */
  async approvalOf(modelId: string, version: number, site: string, manager?: EntityManager): Promise<string | null> {
    const [row]: { id: string | null }[] = await this.q(manager).query(
      `SELECT approval_request_id AS id FROM deployment_target
        WHERE model_id = $1 AND version = $2 AND site = $3 AND approval_request_id IS NOT NULL
        ORDER BY updated_at DESC NULLS LAST LIMIT 1`,
      [modelId, version, site],
    );
    return row?.id ?? null;
  }

  /** The newest passed validation job of the version at the site, with its dataset's stored profile. */
  async validationReference(
    versionId: string,
    site: string,
    manager?: EntityManager,
  ): Promise<ValidationReferenceSource | null> {
    const [row]: Record<string, unknown>[] = await this.q(manager).query(
      `SELECT r.id AS run_id, j.id AS job_id, d.id AS dataset_id, d.name, d.checksum, d.label_column, d.profile,
              j.result, j.finished_at
         FROM validation_job j
         JOIN validation_run r ON r.id = j.run_id
         JOIN site_dataset d ON d.id = j.site_dataset_id
        WHERE r.model_version_id = $1 AND j.site = $2 AND j.status = 'passed' AND j.result IS NOT NULL
        ORDER BY j.finished_at DESC NULLS LAST
        LIMIT 1`,
      [versionId, site],
    );
    if (!row) return null;
    return {
      runId: row.run_id as string,
      jobId: row.job_id as string,
      datasetId: row.dataset_id as string,
      datasetName: row.name as string,
      datasetChecksum: row.checksum as string,
      labelColumn: row.label_column as string,
      profile: row.profile as Record<string, unknown>,
      result: row.result as Record<string, unknown>,
      finishedAt: row.finished_at as Date,
    };
  }

  /** A registered dataset whose location is the version's training data URI (newest first). */
  async trainingReference(trainingDataUri: string, manager?: EntityManager): Promise<TrainingReferenceSource | null> {
    const [row]: Record<string, unknown>[] = await this.q(manager).query(
      `SELECT id, site, name, checksum, label_column, profile FROM site_dataset
        WHERE uri = $1 ORDER BY created_at DESC LIMIT 1`,
      [trainingDataUri],
    );
    if (!row) return null;
    return {
      datasetId: row.id as string,
      site: row.site as string,
      datasetName: row.name as string,
      datasetChecksum: row.checksum as string,
      labelColumn: row.label_column as string,
      profile: row.profile as Record<string, unknown>,
    };
  }

  findReference(modelId: string, version: number, site: string, manager?: EntityManager) {
    return this.q(manager).getRepository(ReferenceProfileEntity).findOne({ where: { modelId, version, site } });
  }

  /** Stores a frozen reference unless one is there already (first writer wins); returns the stored one. */
  async freezeReference(manager: EntityManager, ref: ReferenceProfileEntity): Promise<ReferenceProfileEntity> {
    await manager.query(
      `INSERT INTO reference_profile (model_id, version, site, fingerprint, source, source_detail, profile, frozen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        ref.modelId,
        ref.version,
        ref.site,
        ref.fingerprint,
        ref.source,
        JSON.stringify(ref.sourceDetail),
        JSON.stringify(ref.profile),
        ref.frozenAt,
      ],
    );
    return (await this.findReference(ref.modelId, ref.version, ref.site, manager)) as ReferenceProfileEntity;
  }

  /** The earliest event time of a stream, or null with no events. */
  async firstEventTime(s: Pick<WatchedStream, 'modelId' | 'version' | 'site'>, manager?: EntityManager) {
    const [row]: { t: Date | null }[] = await this.q(manager).query(
      `SELECT min(event_time) AS t FROM inference_event WHERE model_id = $1 AND version = $2 AND site = $3`,
      [s.modelId, s.version, s.site],
    );
    return row?.t ?? null;
  }

  /** The end of the latest evaluated window of a stream's phase, or null. */
  async lastWindowEnd(
    s: Pick<WatchedStream, 'modelId' | 'version' | 'site'>,
    phase: 'inputs' | 'performance',
    manager?: EntityManager,
  ): Promise<Date | null> {
    const [row]: { t: Date | null }[] = await this.q(manager).query(
      `SELECT max(window_end) AS t FROM drift_window WHERE model_id = $1 AND version = $2 AND site = $3 AND phase = $4`,
      [s.modelId, s.version, s.site, phase],
    );
    return row?.t ?? null;
  }

  /** Inserts an evaluated window; false when that window of that phase was already evaluated. */
  async insertWindow(manager: EntityManager, w: DriftWindowEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO drift_window (model_id, version, site, phase, window_start, window_end, policy_revision,
              reference_fingerprint, events, report, signals, aggregate, evaluated_at, evaluated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT DO NOTHING RETURNING window_start`,
      [
        w.modelId,
        w.version,
        w.site,
        w.phase,
        w.windowStart,
        w.windowEnd,
        w.policyRevision,
        w.referenceFingerprint,
        w.events,
        JSON.stringify(w.report),
        JSON.stringify(w.signals),
        JSON.stringify(w.aggregate),
        w.evaluatedAt,
        w.evaluatedBy,
      ],
    );
    return rows.length > 0;
  }

  /** The latest evaluated window per stream and phase (what /metrics exports and `monitor status` shows). */
  async latestWindows(manager?: EntityManager): Promise<(DriftWindowEntity & { modelName: string })[]> {
    const rows: Record<string, unknown>[] = await this.q(manager).query(
      `SELECT DISTINCT ON (w.model_id, w.version, w.site, w.phase)
              w.model_id, m.name AS model_name, w.version, w.site, w.phase, w.window_start, w.window_end, w.events,
              w.report, w.signals, w.evaluated_at, w.policy_revision
         FROM drift_window w JOIN registered_model m ON m.id = w.model_id
        ORDER BY w.model_id, w.version, w.site, w.phase, w.window_start DESC`,
    );
    return rows.map((r) =>
      Object.assign(new DriftWindowEntity(), {
        modelId: r.model_id,
        modelName: r.model_name,
        version: r.version,
        site: r.site,
        phase: r.phase,
        windowStart: r.window_start,
        windowEnd: r.window_end,
        events: r.events,
        report: r.report,
        signals: r.signals,
        evaluatedAt: r.evaluated_at,
        policyRevision: r.policy_revision,
      }),
    ) as (DriftWindowEntity & { modelName: string })[];
  }

  /** The frozen references of a version, by site. */
  referencesOf(modelId: string, version: number, manager?: EntityManager) {
    return this.q(manager)
      .getRepository(ReferenceProfileEntity)
      .find({
        where: { modelId, version },
        select: { site: true, source: true, sourceDetail: true, frozenAt: true, fingerprint: true },
        order: { site: 'ASC' },
      });
  }

  /** The latest evaluated window per site and phase of one version (without the bulky aggregate). */
  async latestWindowsOf(modelId: string, version: number, manager?: EntityManager) {
    const rows: Record<string, unknown>[] = await this.q(manager).query(
      `SELECT DISTINCT ON (site, phase) site, phase, window_start, window_end, events, signals, evaluated_at
         FROM drift_window WHERE model_id = $1 AND version = $2
        ORDER BY site, phase, window_start DESC`,
      [modelId, version],
    );
    return rows.map((r) => ({
      site: r.site as string,
      phase: r.phase as 'inputs' | 'performance',
      windowStart: r.window_start as Date,
      windowEnd: r.window_end as Date,
      events: r.events as number,
      signals: r.signals as Record<string, unknown>,
      evaluatedAt: r.evaluated_at as Date,
    }));
  }

  /** The newest ticket number per (site, signal) of a version. */
  async latestTicketNumbersOf(modelId: string, version: number, manager?: EntityManager) {
    const rows: { site: string; signal: string; number: number }[] = await this.q(manager).query(
      `SELECT DISTINCT ON (site, signal) site, signal, number FROM governance_ticket
        WHERE model_id = $1 AND version = $2 ORDER BY site, signal, number DESC`,
      [modelId, version],
    );
    return rows;
  }

  /** The approved-on performance of every frozen reference (`profile.performance`), for /metrics. */
  async referencePerformances(manager?: EntityManager) {
    const rows: { model_id: string; version: number; site: string; performance: Record<string, unknown> | null }[] =
      await this.q(manager).query(
        `SELECT model_id, version, site, profile -> 'performance' AS performance FROM reference_profile`,
      );
    return rows.map((r) => ({ modelId: r.model_id, version: r.version, site: r.site, performance: r.performance }));
  }

  /** Windows of one stream, newest first. */
  windowsOf(modelId: string, version: number, site: string, limit: number, manager?: EntityManager) {
    return this.q(manager)
      .getRepository(DriftWindowEntity)
      .find({
        where: { modelId, version, site },
        order: { windowStart: 'DESC' },
        take: limit,
        select: {
          modelId: true,
          version: true,
          site: true,
          phase: true,
          windowStart: true,
          windowEnd: true,
          events: true,
          signals: true,
          policyRevision: true,
          evaluatedAt: true,
          evaluatedBy: true,
        },
      });
  }

  /** The incident row, locked for this transaction; null when the key has no state yet. */
  lockIncident(manager: EntityManager, modelId: string, version: number, site: string, signal: string) {
    return manager
      .getRepository(DriftIncidentEntity)
      .findOne({ where: { modelId, version, site, signal }, lock: { mode: 'pessimistic_write' } });
  }

  incidentsOf(modelId: string, version: number, site: string | undefined, manager?: EntityManager) {
    return this.q(manager)
      .getRepository(DriftIncidentEntity)
      .find({
        where: site === undefined ? { modelId, version } : { modelId, version, site },
        order: { site: 'ASC', signal: 'ASC' },
      });
  }

  saveIncident(manager: EntityManager, incident: DriftIncidentEntity) {
    return manager.getRepository(DriftIncidentEntity).save(incident);
  }

  /** Incidents with a deadline (escalation, end of cool-down) due by `now`. */
  dueIncidents(now: Date, limit: number, manager?: EntityManager): Promise<DriftIncidentEntity[]> {
    return this.q(manager)
      .getRepository(DriftIncidentEntity)
      .createQueryBuilder('i')
      .where('i.next_deadline <= :now', { now })
      .orderBy('i.next_deadline', 'ASC')
      .limit(limit)
      .getMany();
  }

  async nextTicketNumber(manager: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await manager.query(`SELECT nextval('governance_ticket_number_seq')::int AS n`);
    return row.n;
  }

  saveTicket(manager: EntityManager, ticket: GovernanceTicketEntity) {
    return manager.getRepository(GovernanceTicketEntity).save(ticket);
  }

  findTicket(id: string, manager?: EntityManager) {
    return this.q(manager).getRepository(GovernanceTicketEntity).findOne({ where: { id } });
  }

  findTicketByNumber(number: number, manager?: EntityManager) {
    return this.q(manager).getRepository(GovernanceTicketEntity).findOne({ where: { number } });
  }

  lockTicketByNumber(manager: EntityManager, number: number) {
    return manager
      .getRepository(GovernanceTicketEntity)
      .findOne({ where: { number }, lock: { mode: 'pessimistic_write' } });
  }

  async appendTicketEvent(manager: EntityManager, e: Omit<GovernanceTicketEventEntity, 'seq' | 'ticket'>) {
    await manager.query(
      `INSERT INTO governance_ticket_event (id, ticket_id, kind, occurred_at, actor, summary, "window")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.id, e.ticketId, e.kind, e.occurredAt, e.actor, e.summary, e.window === null ? null : JSON.stringify(e.window)],
    );
  }

  ticketEvents(ticketId: string, manager?: EntityManager) {
    return this.q(manager)
      .getRepository(GovernanceTicketEventEntity)
      .find({ where: { ticketId }, order: { seq: 'ASC' } });
  }

  /** The oldest ticket event this sink has not finished with (delivered or given up), or null. */
  async nextUndeliveredEvent(sink: string, manager?: EntityManager): Promise<GovernanceTicketEventEntity | null> {
    return this.q(manager)
      .getRepository(GovernanceTicketEventEntity)
      .createQueryBuilder('e')
      .where(`NOT EXISTS (SELECT 1 FROM ticket_delivery d WHERE d.sink = :sink AND d.event_seq = e.seq)`, { sink })
      .orderBy('e.seq', 'ASC')
      .limit(1)
      .getOne();
  }

  async recordDelivery(
    manager: EntityManager,
    sink: string,
    eventSeq: string,
    status: 'delivered' | 'failed',
    attempts: number,
    error: string | null,
    finishedAt: Date,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TicketDeliveryEntity)
      .values({ sink, eventSeq, status, attempts, error, finishedAt })
      .orIgnore()
      .execute();
  }

  /** What the sinks did with a ticket's events. */
  deliveriesOf(ticketId: string, manager?: EntityManager): Promise<TicketDeliveryEntity[]> {
    return this.q(manager)
      .getRepository(TicketDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.event_seq IN (SELECT e.seq FROM governance_ticket_event e WHERE e.ticket_id = :ticketId)', { ticketId })
      .orderBy('d.event_seq', 'ASC')
      .getMany();
  }

  /** Tickets newest first, filtered; `beforeNumber` pages. */
  listTickets(
    f: { status?: 'open' | 'closed' | 'all'; modelId?: string; site?: string; signal?: string },
    beforeNumber: number | undefined,
    limit: number,
    manager?: EntityManager,
  ): Promise<GovernanceTicketEntity[]> {
    const qb = this.q(manager).getRepository(GovernanceTicketEntity).createQueryBuilder('t');
    if (f.status === 'open') qb.andWhere(`t.status IN ('open', 'recovering')`);
    if (f.status === 'closed') qb.andWhere(`t.status = 'closed'`);
    if (f.modelId) qb.andWhere('t.model_id = :modelId', { modelId: f.modelId });
    if (f.site) qb.andWhere('t.site = :site', { site: f.site });
    if (f.signal) qb.andWhere('t.signal = :signal', { signal: f.signal });
    if (beforeNumber !== undefined) qb.andWhere('t.number < :before', { before: beforeNumber });
    return qb.orderBy('t.number', 'DESC').limit(limit).getMany();
  }

  /** Open (or recovering) tickets counted by model, site, signal and severity: for /metrics. */
  async openTicketCounts(manager?: EntityManager) {
    const rows: { model_name: string; site: string; signal: string; severity: string; n: string }[] = await this.q(
      manager,
    ).query(
      `SELECT model_name, site, signal, severity, count(*) AS n FROM governance_ticket
        WHERE status IN ('open', 'recovering') GROUP BY 1, 2, 3, 4`,
    );
    return rows.map((r) => ({
      model: r.model_name,
      site: r.site,
      signal: r.signal,
      severity: r.severity,
      open: Number(r.n),
    }));
  }
}
