import { Injectable } from '@nestjs/common';
import { type IncidentState, RegistryErrors } from '@vigil/domain';
import { DriftMonitorRepository, RegisteredModelRepository } from '@vigil/persistence';
import { decodeIncidentState } from '../evaluation/incident-codec';
import { ticketLabel } from '../tickets/ticket-recorder';

/** Where the monitor stands for one version, per site: plain data the registry presents as `MonitoringStatus`. */
export interface MonitoringStatusView {
  model: string;
  version: number;
  sites: {
    site: string;
    reference: { source: 'validation' | 'training'; dataset: string; frozenAt: Date; lacks: string[] } | null;
    windows: {
      phase: 'inputs' | 'performance';
      windowStart: Date;
      windowEnd: Date;
      events: number;
      evaluatedAt: Date;
      signals: Record<string, unknown>;
    }[];
    incidents: { signal: string; status: IncidentState['status']; ticket: string | null; coolDownUntil: Date | null }[];
  }[];
}

/** Reads the frozen references, latest windows and incident states of a version (nothing is computed here). */
@Injectable()
export class MonitoringStatusQuery {
  constructor(
    private readonly repo: DriftMonitorRepository,
    private readonly models: RegisteredModelRepository,
  ) {}

  async execute(modelName: string, version: number, site?: string): Promise<MonitoringStatusView> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    if (!(await this.repo.versionFacts(model.id, version))) {
      throw RegistryErrors.versionNotFound(modelName, version);
    }
    const [references, windows, incidents, tickets] = await Promise.all([
      this.repo.referencesOf(model.id, version),
      this.repo.latestWindowsOf(model.id, version),
      this.repo.incidentsOf(model.id, version, site),
      this.repo.latestTicketNumbersOf(model.id, version),
    ]);
    const sites = new Set<string>([
      ...references.map((r) => r.site),
      ...windows.map((w) => w.site),
      ...incidents.map((i) => i.site),
    ]);
    const names = [...sites].filter((s) => site === undefined || s === site).sort();
    return {
      model: model.name,
      version,
      sites: names.map((name) => {
        const ref = references.find((r) => r.site === name);
        const detail = (ref?.sourceDetail ?? {}) as { dataset?: string; lacks?: string[] };
        return {
          site: name,
          reference: ref
            ? { source: ref.source, dataset: detail.dataset ?? '', frozenAt: ref.frozenAt, lacks: detail.lacks ?? [] }
            : null,
          windows: windows.filter((w) => w.site === name).map(({ site: _site, ...w }) => w),
          incidents: incidents
            .filter((i) => i.site === name)
            .map((i) => {
              const state = decodeIncidentState(i.state);
              const n = tickets.find((t) => t.site === name && t.signal === i.signal)?.number;
              return {
                signal: i.signal,
                status: state.status,
                ticket: n === undefined ? null : ticketLabel(n),
                coolDownUntil: state.coolDownUntil,
              };
            }),
        };
      }),
    };
  }
}
