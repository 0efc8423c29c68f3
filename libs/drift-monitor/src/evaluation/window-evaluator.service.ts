import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DatasetProfile } from '@vigil/datasets';
import {
  checkIncidentDeadlines,
  type IncidentState,
  initialIncidentState,
  type MonitoringPolicy,
  type MonitoringSignal,
  nextIncidentDeadline,
  nextIncidentState,
  type SignalRule,
  signalDefinition,
  windowEvidence,
} from '@vigil/domain';
import { observeReport, type ReferenceProfile, summariseWindow, WindowAggregate } from '@vigil/drift';
import {
  DriftIncidentEntity,
  DriftMonitorRepository,
  DriftWindowEntity,
  ReferenceProfileEntity,
  readWindowEvents,
  type WatchedStream,
} from '@vigil/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { MonitoringPolicyInForce, type PolicyInForce } from '../policies/monitoring-policy-in-force.service';
import { MONITOR_ACTOR, type TicketContext, TicketRecorder } from '../tickets/ticket-recorder';
import { DRIFT_MONITOR_OPTIONS, type DriftMonitorOptions } from '../drift-monitor-options';
import { decodeIncidentState, encodeIncidentState } from './incident-codec';
import { buildStreamReference, type StreamReferenceSource } from './stream-reference';
import { dueWindows, type ScheduledWindow } from './window-schedule';

export type EvaluationPhase = 'inputs' | 'performance';

/** What one evaluation pass did: counts for logs, tests and the monitor's own metrics. */
export interface EvaluationSummary {
  streams: number;
  /** Streams another replica was evaluating (its lock was held): left to it. */
  lockedElsewhere: number;
  /** Streams without a reference to compare with (no passed validation at the site, no training dataset). */
  withoutReference: number;
  windows: number;
  ticketsOpened: number;
  deadlinesApplied: number;
}

/** The phase a signal is judged in: performance waits for late labels; everything else shortly after the window. */
export function phaseOf(signal: MonitoringSignal): EvaluationPhase {
  return signalDefinition(signal).kind === 'performance' ? 'performance' : 'inputs';
}

/**
 * Evaluates tumbling windows of every watched stream once each, whatever the number of monitor replicas: a
 * stream is evaluated under a transaction-scoped advisory lock (a replica that cannot take it skips the
 * stream), windows start after the last one stored, and a window's row (primary key per stream, phase and
 * start) is written in the same transaction as the incident states and tickets it changed.
 *
 * Per window: the stream's events (with the outcomes and feedback received by now) go into a bounded
 * `WindowAggregate` against the frozen reference, `summariseWindow` → `observeReport` measure every watched
 * signal, and the domain's `nextIncidentState` decides on tickets, which `TicketRecorder` writes.
 */
@Injectable()
export class WindowEvaluator {
  private readonly log = new Logger(WindowEvaluator.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: DriftMonitorRepository,
    private readonly policies: MonitoringPolicyInForce,
    private readonly tickets: TicketRecorder,
    @Inject(DRIFT_MONITOR_OPTIONS) private readonly options: DriftMonitorOptions,
  ) {}

  /** One pass over every watched stream, then the deadlines that fell due. */
  async runOnce(now: Date = new Date()): Promise<EvaluationSummary> {
    const summary: EvaluationSummary = {
      streams: 0,
      lockedElsewhere: 0,
      withoutReference: 0,
      windows: 0,
      ticketsOpened: 0,
      deadlinesApplied: 0,
    };
    const streams = await this.repo.watchedStreams(new Date(now.getTime() - this.options.replacedStreamLookbackMs));
    for (const stream of streams) {
      summary.streams++;
      await this.db.transaction(async (em) => {
        if (!(await this.repo.tryLockStream(em, stream))) {
          summary.lockedElsewhere++;
          return;
        }
        await this.evaluateStream(em, stream, now, summary);
      });
    }
    summary.deadlinesApplied = await this.applyDeadlines(now);
    return summary;
  }

  private async evaluateStream(
    em: EntityManager,
    stream: WatchedStream,
    now: Date,
    summary: EvaluationSummary,
  ): Promise<void> {
    const inForce = await this.policies.latestMonitoringPolicy(stream.modelId, em);
    if (inForce === null) return;
    const reference = await this.referenceOf(em, stream, now);
    if (reference === null) {
      summary.withoutReference++;
      return;
    }
    const firstEvent = await this.repo.firstEventTime(stream, em);
    for (const phase of ['inputs', 'performance'] as const) {
      const rules = inForce.policy.signals.filter((r) => phaseOf(r.signal) === phase);
      if (rules.length === 0) continue;
      const windows = dueWindows({
        windowMs: inForce.policy.windowMs,
        delayMs: delayOf(inForce.policy, phase),
        lastWindowEnd: await this.repo.lastWindowEnd(stream, phase, em),
        firstEventTime: firstEvent,
        now,
        max: this.options.maxWindowsPerRun,
      });
      for (const window of windows) {
        summary.ticketsOpened += await this.evaluateWindow(em, stream, inForce, reference, phase, rules, window, now);
        summary.windows++;
      }
    }
  }

  private async evaluateWindow(
    em: EntityManager,
    stream: WatchedStream,
    inForce: PolicyInForce,
    reference: ReferenceProfileEntity,
    phase: EvaluationPhase,
    rules: readonly SignalRule[],
    window: ScheduledWindow,
    now: Date,
  ): Promise<number> {
    const profile = reference.profile as unknown as ReferenceProfile;
    const aggregate = WindowAggregate.create(profile);
    await readWindowEvents(
      em,
      {
        modelId: stream.modelId,
        version: stream.version,
        site: stream.site,
        from: window.start,
        to: window.end,
        labelsReceivedBy: now,
        feedbackReceivedBy: now,
      },
      (events) => aggregate.addAll(events),
    );
    const report = summariseWindow(profile, aggregate);
    const observed = observeReport(rules, profile, report);
    const signals: Record<string, unknown> = {};
    let opened = 0;
    const ctx = await this.ticketContext(em, stream, inForce, reference);
    for (const rule of rules) {
      const observation = observed.get(rule.signal);
      if (observation === undefined) continue;
      const monitored = { start: window.start, end: window.end, observation };
      const row = await this.repo.lockIncident(em, stream.modelId, stream.version, stream.site, rule.signal);
      const state: IncidentState = row
        ? decodeIncidentState(row.state)
        : initialIncidentState({
            model: stream.modelName,
            version: stream.version,
            site: stream.site,
            signal: rule.signal,
          });
      const step = nextIncidentState(state, rule, monitored, now);
      const ticketId = await this.tickets.apply(em, step.actions, row?.ticketId ?? null, ctx, MONITOR_ACTOR, now);
      opened += step.actions.filter((a) => a.kind === 'open_ticket').length;
      await this.saveIncident(em, stream, rule.signal, step.state, inForce.revision, ticketId, now);
      const evidence = windowEvidence(rule, monitored);
      signals[rule.signal] = {
        value: evidence.value,
        ci: evidence.ci,
        judgement: evidence.judgement,
        reason: evidence.reason,
        threshold: rule.threshold,
        recovery: rule.recovery,
        status: step.state.status,
        worstFeatures: evidence.worstFeatures.map((f) => ({ feature: f.feature, value: f.value })),
        labelled: evidence.labelled,
        feedback: evidence.feedback,
      };
    }
    await this.repo.insertWindow(
      em,
      Object.assign(new DriftWindowEntity(), {
        modelId: stream.modelId,
        version: stream.version,
        site: stream.site,
        phase,
        windowStart: window.start,
        windowEnd: window.end,
        policyRevision: inForce.revision,
        referenceFingerprint: reference.fingerprint,
        events: report.events,
        report: plain(report),
        signals,
        aggregate: plain(aggregate.toState()),
        evaluatedAt: now,
        evaluatedBy: this.options.instanceName,
      }),
    );
    return opened;
  }

  /**
   * Escalations and ends of cool-downs that fall due between windows (an escalation after 4 h must not wait for
   * tomorrow's daily window). Each incident is changed under its row lock, so replicas cannot apply one twice.
   */
  private async applyDeadlines(now: Date): Promise<number> {
    const due = await this.repo.dueIncidents(now, 500);
    let applied = 0;
    for (const candidate of due) {
      await this.db.transaction(async (em) => {
        const row = await this.repo.lockIncident(
          em,
          candidate.modelId,
          candidate.version,
          candidate.site,
          candidate.signal,
        );
        if (!row || row.nextDeadline === null || row.nextDeadline.getTime() > now.getTime()) return;
        const inForce = await this.policies.latestMonitoringPolicy(row.modelId, em);
        const rule = inForce?.policy.signals.find((r) => r.signal === row.signal);
        if (!inForce || !rule) {
          // The policy no longer watches this signal: nothing can fall due for it any more.
          row.nextDeadline = null;
          await this.repo.saveIncident(em, row);
          return;
        }
        const step = checkIncidentDeadlines(decodeIncidentState(row.state), rule, now);
        const stream = { modelId: row.modelId, modelName: step.state.key.model, version: row.version, site: row.site };
        const reference = await this.repo.findReference(row.modelId, row.version, row.site, em);
        const ctx = await this.ticketContext(em, stream, inForce, reference);
        const ticketId = await this.tickets.apply(em, step.actions, row.ticketId, ctx, MONITOR_ACTOR, now);
        await this.saveIncident(em, stream, row.signal, step.state, inForce.revision, ticketId, now);
        applied++;
      });
    }
    return applied;
  }

  private saveIncident(
    em: EntityManager,
    stream: Pick<WatchedStream, 'modelId' | 'version' | 'site'>,
    signal: string,
    state: IncidentState,
    policyRevision: number,
    ticketId: string | null,
    now: Date,
  ) {
    return this.repo.saveIncident(
      em,
      Object.assign(new DriftIncidentEntity(), {
        modelId: stream.modelId,
        version: stream.version,
        site: stream.site,
        signal,
        status: state.status,
        state: encodeIncidentState(state),
        policyRevision,
        ticketId,
        nextDeadline: nextIncidentDeadline(state),
        updatedAt: now,
      }),
    );
  }

  /**
   * The stream's frozen reference; frozen here the first time the stream is evaluated, from the evidence the
   * approval rests on (immutable rows: the newest passed validation of this version at this site, else the
   * registered dataset at the version's training-data URI). Null when neither exists.
   */
  private async referenceOf(em: EntityManager, stream: WatchedStream, now: Date) {
    const existing = await this.repo.findReference(stream.modelId, stream.version, stream.site, em);
    if (existing) return existing;
    const facts = await this.repo.versionFacts(stream.modelId, stream.version, em);
    if (!facts) return null;
    let source: StreamReferenceSource | null = null;
    const validation = await this.repo.validationReference(facts.versionId, stream.site, em);
    if (validation) {
      source = {
        kind: 'validation',
        runId: validation.runId,
        jobId: validation.jobId,
        datasetId: validation.datasetId,
        datasetName: validation.datasetName,
        datasetChecksum: validation.datasetChecksum,
        labelColumn: validation.labelColumn,
        profile: validation.profile as unknown as DatasetProfile,
        result: validation.result,
      };
    } else {
      const training = await this.repo.trainingReference(facts.trainingDataUri, em);
      if (training) {
        source = {
          kind: 'training',
          datasetId: training.datasetId,
          datasetName: `${training.site}/${training.datasetName}`,
          datasetChecksum: training.datasetChecksum,
          labelColumn: training.labelColumn,
          profile: training.profile as unknown as DatasetProfile,
        };
      }
    }
    if (source === null) {
      this.log.warn(
        `${stream.modelName}@${stream.version} at ${stream.site} has no reference (no passed validation at the site, no registered dataset at its training-data URI): its windows are not evaluated`,
      );
      return null;
    }
    const built = buildStreamReference(source, facts);
    return this.repo.freezeReference(
      em,
      Object.assign(new ReferenceProfileEntity(), {
        modelId: stream.modelId,
        version: stream.version,
        site: stream.site,
        fingerprint: built.profile.fingerprint,
        source: source.kind,
        sourceDetail: built.detail,
        profile: plain(built.profile),
        frozenAt: now,
      }),
    );
  }

  private async ticketContext(
    em: EntityManager,
    stream: Pick<WatchedStream, 'modelId' | 'modelName' | 'version' | 'site'>,
    inForce: PolicyInForce,
    reference: ReferenceProfileEntity | null,
  ): Promise<TicketContext> {
    const base = this.options.registryUrl.replace(/\/+$/, '');
    const model = encodeURIComponent(stream.modelName);
    const links = [{ label: 'Model version', url: `${base}/api/v1/models/${model}/versions/${stream.version}` }];
    const runId = reference?.sourceDetail.validationRunId;
    if (typeof runId === 'string') {
      links.push({ label: 'Validation report', url: `${base}/api/v1/validation-runs/${runId}/report` });
    }
    const approval = await this.repo.approvalOf(stream.modelId, stream.version, stream.site, em);
    if (approval) links.push({ label: 'Approval', url: `${base}/api/v1/approvals/${approval}` });
    return { modelId: stream.modelId, policyRevision: inForce.revision, links };
  }
}

function delayOf(policy: MonitoringPolicy, phase: EvaluationPhase): number {
  return phase === 'inputs' ? policy.evaluationDelayMs : policy.labelDelayMs;
}

function plain<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
