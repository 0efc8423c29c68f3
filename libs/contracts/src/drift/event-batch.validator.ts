import { isISO8601 } from 'class-validator';
import { DomainError, type FieldProblem } from '@vigil/domain';
import type { InferenceEventDto } from './inference-event.dto';
import {
  EVENT_ID_MESSAGE,
  EVENT_ID_PATTERN,
  INGEST_LIMITS,
  STREAM_NAME_MESSAGE,
  STREAM_NAME_PATTERN,
} from './ingest-limits';
import { featureValuesProblem } from './is-feature-values.validator';

/** A validated POST /api/v1/events body: the parsed JSON itself, checked in place (nothing copied). */
export interface EventBatch {
  events: InferenceEventDto[];
}

/** A refused body lists at most this many problems; the message and `problemCount` say how many there were. */
const MAX_LISTED = 100;
const EVENT_FIELDS = new Set(['eventId', 'model', 'version', 'site', 'time', 'features', 'score', 'alertShown']);
const TIME_MESSAGE = 'time must be an ISO 8601 date-time, e.g. 2026-03-01T08:15:00Z';
/**
 * The shape nodes send (`2026-03-01T08:15:00.000Z`, or with an offset) on a day every month has: valid for
 * class-validator's strict `isISO8601` too, without its slower general pattern and date check. Anything else
 * (other ISO forms, the 29th–31st) goes to `isISO8601` itself, so both accept exactly the same times.
 */
const COMMON_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

function isIsoTime(value: unknown): boolean {
  return typeof value === 'string' && (COMMON_TIME.test(value) || isISO8601(value, { strict: true }));
}

class Problems {
  readonly listed: FieldProblem[] = [];
  total = 0;

  add(field: string, message: string): void {
    this.total++;
    if (this.listed.length < MAX_LISTED) this.listed.push({ field, message });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkName(problems: Problems, field: string, name: string, value: unknown, pattern: RegExp, rule: string) {
  if (typeof value !== 'string') problems.add(field, `${name} must be a string`);
  else if (!pattern.test(value)) problems.add(field, `${name} ${rule}`);
}

function checkEvent(problems: Problems, at: string, e: Record<string, unknown>): void {
  for (const key in e) {
    if (!EVENT_FIELDS.has(key)) problems.add(`${at}.${key}`, 'unknown field');
  }
  checkName(problems, `${at}.eventId`, 'eventId', e.eventId, EVENT_ID_PATTERN, EVENT_ID_MESSAGE);
  checkName(problems, `${at}.model`, 'model', e.model, STREAM_NAME_PATTERN, STREAM_NAME_MESSAGE);
  const version = e.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    problems.add(`${at}.version`, 'version must be an integer number');
  } else if (version < 1) problems.add(`${at}.version`, 'version must not be less than 1');
  checkName(problems, `${at}.site`, 'site', e.site, STREAM_NAME_PATTERN, STREAM_NAME_MESSAGE);
  if (!isIsoTime(e.time)) problems.add(`${at}.time`, TIME_MESSAGE);
  const features = featureValuesProblem(e.features);
  if (features !== null) problems.add(`${at}.features`, `features: ${features}`);
  const score = e.score;
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    problems.add(`${at}.score`, 'score must be a number conforming to the specified constraints');
  } else if (score < 0) problems.add(`${at}.score`, 'score must not be less than 0');
  else if (score > 1) problems.add(`${at}.score`, 'score must not be greater than 1');
  if (typeof e.alertShown !== 'boolean') problems.add(`${at}.alertShown`, 'alertShown must be a boolean value');
}

/**
 * Checks a POST /api/v1/events body by hand and returns it typed, or throws 400 `validation_failed` naming
 * each problem by index and field (`events.17.score`), with the messages the class-validator DTOs
 * (`EventBatchDto`) give, one per field. Written out because class-transformer and class-validator cost
 * more than everything else on the ingestion path together (a class instance and a dozen decorator
 * checks per event, thirty feature values each); `EventBatchDto` still describes the body for the API docs.
 */
export function validateEventBatch(body: unknown): EventBatch {
  if (!isPlainObject(body)) {
    throw refused([{ field: '(body)', message: 'must be a JSON object' }], 1);
  }
  const problems = new Problems();
  for (const key in body) {
    if (key !== 'events') problems.add(key, 'unknown field');
  }
  const events = body.events;
  if (!Array.isArray(events)) problems.add('events', 'events must be an array');
  else if (events.length < 1) problems.add('events', 'events must contain at least 1 elements');
  else if (events.length > INGEST_LIMITS.maxBatchItems) {
    problems.add('events', `events must contain no more than ${INGEST_LIMITS.maxBatchItems} elements`);
  } else {
    for (let i = 0; i < events.length; i++) {
      const e: unknown = events[i];
      if (isPlainObject(e)) checkEvent(problems, `events.${i}`, e);
      else problems.add(`events.${i}`, 'each value in nested property events must be either object or array');
    }
  }
  if (problems.total > 0) throw refused(problems.listed, problems.total);
  return body as unknown as EventBatch;
}

function refused(listed: FieldProblem[], total: number): DomainError {
  const more = total > listed.length ? ` (${total} problems; the first ${listed.length} listed)` : '';
  return new DomainError(
    'validation_failed',
    `The request is invalid: ${listed.map((p) => `${p.field}: ${p.message}`).join('; ')}${more}.`,
    listed,
    total > listed.length ? { problemCount: total } : undefined,
  );
}
