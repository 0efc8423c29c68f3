import type { GovernanceTicketEntity } from '@vigil/persistence';

interface EvidenceWindow {
  windowStart: string;
  windowEnd: string;
  judgement: string;
  reason: string;
  value: number | null;
  ci: [number, number] | null;
  events: number;
  labelled: number | null;
  feedback: number | null;
  worstFeatures: { feature: string; value: number }[];
}

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : Number(v.toPrecision(4)).toString();

/**
 * The ticket's evidence as plain text (for Jira descriptions, webhooks and the CLI): what the signal measures,
 * the levels, each window that opened it with its value, CI, event and label counts and worst features, and the
 * latest window recorded since.
 */
export function describeTicket(ticket: GovernanceTicketEntity): string {
  const e = ticket.evidence as {
    measures?: string;
    direction?: string;
    threshold?: number;
    recovery?: number;
    consecutiveWindows?: number;
    recoveryWindows?: number;
    windows?: EvidenceWindow[];
  };
  const lines = [
    `${ticket.modelName}@${ticket.version} at ${ticket.site}: ${ticket.signal} (${e.measures ?? 'signal'}).`,
    `Severity ${ticket.severity}; owner ${ticket.owner}${ticket.escalationTo ? `; escalation to ${ticket.escalationTo}` : ''}.`,
    `Crossed when ${e.direction === 'lower_is_worse' ? 'below' : 'above'} ${fmt(e.threshold)} for ${e.consecutiveWindows ?? 1} window(s); closes after ${e.recoveryWindows ?? 1} window(s) ${e.direction === 'lower_is_worse' ? 'above' : 'below'} ${fmt(e.recovery)}.`,
    '',
    'Windows that opened it:',
    ...(e.windows ?? []).map((w) => windowLine(w)),
  ];
  const latest = ticket.latestWindow as EvidenceWindow | null;
  if (latest && ticket.windowCount > (e.windows?.length ?? 0)) {
    lines.push('', `Latest window (${ticket.windowCount} recorded):`, windowLine(latest));
  }
  if (ticket.resolutionNote) lines.push('', `Resolved by ${ticket.resolvedBy ?? 'someone'}: ${ticket.resolutionNote}`);
  return lines.join('\n');
}

function windowLine(w: EvidenceWindow): string {
  const ci = w.ci ? ` (95% CI ${fmt(w.ci[0])}–${fmt(w.ci[1])})` : '';
  const labels =
    w.labelled === null
      ? ''
      : `, ${w.labelled} labelled (coverage ${w.events > 0 ? fmt(w.labelled / w.events) : 'n/a'})`;
  const feedback = w.feedback === null ? '' : `, ${w.feedback} clinician responses`;
  const worst =
    w.worstFeatures.length > 0
      ? `; worst: ${w.worstFeatures.map((f) => `${f.feature} ${fmt(f.value)}`).join(', ')}`
      : '';
  return `- ${w.windowStart} – ${w.windowEnd}: ${fmt(w.value)}${ci}, ${w.judgement}; ${w.events} events${labels}${feedback}${worst}. ${w.reason}`;
}
