import type { IncidentState } from '@vigil/domain';

/** Keys of `IncidentState` (at any depth) that hold instants. */
const DATE_KEYS = new Set([
  'windowStart',
  'windowEnd',
  'openedAt',
  'escalationDue',
  'escalatedAt',
  'at',
  'coolDownUntil',
  'lastWindowEnd',
]);

/** The incident state as stored (jsonb): instants as ISO strings. */
export function encodeIncidentState(state: IncidentState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}

/** The stored state back as the domain's `IncidentState`, instants as Dates again. */
export function decodeIncidentState(stored: Record<string, unknown>): IncidentState {
  return JSON.parse(JSON.stringify(stored), (key, value: unknown) =>
    DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value,
  ) as IncidentState;
}
