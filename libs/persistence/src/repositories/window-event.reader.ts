import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * One inference event of a window with what had arrived for it by the evaluation: its outcome's label and the
 * clinician's action (null when none had). Shaped as the drift statistics' `WindowEvent`, which this library
 * cannot import.
 */
export interface WindowEventRow {
  features: Record<string, number | string | null>;
  score: number;
  alertShown: boolean;
  label: 0 | 1 | null;
  feedback: 'accepted' | 'overridden' | 'dismissed' | null;
}

export interface WindowEventQuery {
  modelId: string;
  version: number;
  site: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Only outcomes received (stored) by then count; all of them when absent. */
  labelsReceivedBy?: Date;
  /** Only feedback received by then counts; all of it when absent. */
  feedbackReceivedBy?: Date;
}

/**
 * How the rows are paged and parsed (all give the same events; `npm run bench -- window-evaluation` compares
 * them). The default is the fastest measured.
 * - `copy`: one `COPY (SELECT …) TO STDOUT` of the window, each event one line of JSON written by PostgreSQL, a
 *   chunk's lines parsed by one `JSON.parse`: no per-row work in the driver (the fastest measured; `parse` does
 *   not apply).
 * - `cursor`: one server-side cursor over the window, `FETCH`ed a chunk at a time.
 * - `keyset`: one query per chunk, `(event_time, event_id) > last` in that order, each chunk one index range.
 * - parse `chunk`: `features` comes as jsonb's own text and a chunk's are parsed by one `JSON.parse` of their
 *   join (keyset: joined by PostgreSQL, the other columns as arrays); `row`: the driver parses `features` of
 *   every row by a `JSON.parse` of its own.
 */
export interface WindowEventReadOptions {
  paging?: 'copy' | 'cursor' | 'keyset';
  parse?: 'chunk' | 'row';
}

const DEFAULT_CHUNK = 10_000;

// jsonb's text holds each number as it was posted (jsonb keeps numbers as decimals), so JSON.parse gives back
// the very doubles the inference node sent. `score` is float8, printed shortest-exact by PostgreSQL ≥ 12.
const TEXT_COLUMNS = `e.features::text AS features, e.score, e.alert_shown, o.label, f.action`;
const PARSED_COLUMNS = `e.features, e.score, e.alert_shown, o.label, f.action`;

// Plain SQL over the columns every shape of these tables has (inference_event partitioned or not): outcomes and
// feedback are matched by event id and counted only if they had arrived by the cut-offs ($6, $7; null: no cut).
const WINDOW_FROM = `
    FROM inference_event e
    LEFT JOIN event_outcome o ON o.event_id = e.event_id AND ($6::timestamptz IS NULL OR o.received_at <= $6)
    LEFT JOIN clinician_feedback f ON f.event_id = e.event_id AND ($7::timestamptz IS NULL OR f.received_at <= $7)
   WHERE e.model_id = $1 AND e.version = $2 AND e.site = $3
     AND e.event_time >= $4::timestamptz AND e.event_time < $5::timestamptz`;

// Keyset: the next chunk after ($8, $9) in (event_time, event_id) order. `event_time >= $8` lets the stream
// index start at the last time; the row comparison skips what was read at that very time.
const KEYSET_PAGE = `
  SELECT e.event_time, e.event_id, %COLUMNS%
  ${WINDOW_FROM}
     AND e.event_time >= $8::timestamptz AND (e.event_time, e.event_id) > ($8::timestamptz, $9::varchar)
   ORDER BY e.event_time, e.event_id
   LIMIT $10`;

// The chunk as one row: its features as one JSON array text, the other columns as arrays in the same order (one
// aggregation over the same rows), and the key of its last row (time as text: full microseconds, unlike a Date).
const KEYSET_CHUNK_SQL = `
  WITH page AS (${KEYSET_PAGE.replace('%COLUMNS%', TEXT_COLUMNS)})
  SELECT count(*)::int AS n, '[' || coalesce(string_agg(page.features, ','), '') || ']' AS features,
         array_agg(page.score) AS scores, array_agg(page.alert_shown) AS alerts, array_agg(page.label) AS labels,
         array_agg(page.action) AS actions,
         (SELECT p.event_time::text FROM page p ORDER BY p.event_time DESC, p.event_id DESC LIMIT 1) AS last_time,
         (SELECT p.event_id FROM page p ORDER BY p.event_time DESC, p.event_id DESC LIMIT 1) AS last_id
    FROM page`;

const KEYSET_ROWS_SQL = KEYSET_PAGE.replace('%COLUMNS%', `e.event_time::text AS key_time, ${PARSED_COLUMNS}`);

// A key before every real one: the first page starts at the window's start (the `event_time >= $8` bound).
const KEYSET_START_ID = '';

interface EventColumns<F = WindowEventRow['features']> {
  features: F;
  score: number;
  alert_shown: boolean;
  label: number | null;
  action: WindowEventRow['feedback'];
}

interface KeysetChunk {
  n: number;
  features: string;
  scores: number[] | null;
  alerts: boolean[] | null;
  labels: (number | null)[] | null;
  actions: WindowEventRow['feedback'][] | null;
  last_time: string | null;
  last_id: string | null;
}

/**
 * Streams every event of one (model, version, site) with `from <= event_time < to` to `onChunk`, `chunkSize`
 * events at a time (the last chunk may be smaller; none when the window is empty), each with its outcome's label
 * and its clinician feedback if they had arrived by the cut-offs. Memory holds about two chunks (the next is
 * fetched while `onChunk` works on the current one), whatever the window's size. `onChunk` is awaited.
 *
 * All chunks come from one snapshot of the database: with a DataSource the read runs in its own REPEATABLE READ,
 * READ ONLY transaction; with an EntityManager inside a transaction it runs in that transaction (a cursor sees
 * the data as of its opening; keyset pages as the transaction's isolation level allows).
 */
export async function readWindowEvents(
  db: DataSource | EntityManager,
  q: WindowEventQuery,
  onChunk: (events: WindowEventRow[]) => void | Promise<void>,
  chunkSize = DEFAULT_CHUNK,
  options: WindowEventReadOptions = {},
): Promise<{ events: number }> {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a whole number of at least 1, got ${chunkSize}`);
  }
  const paging = options.paging ?? 'copy';
  const parse = options.parse ?? 'chunk';
  const params = [
    q.modelId,
    q.version,
    q.site,
    q.from.toISOString(),
    q.to.toISOString(),
    q.labelsReceivedBy?.toISOString() ?? null,
    q.feedbackReceivedBy?.toISOString() ?? null,
  ];
  return inSnapshot(db, async (runner) => {
    // Floats printed shortest-exact whatever the server's default (PostgreSQL ≥ 12 does so for any value > 0).
    await runner.query(`SELECT set_config('extra_float_digits', '3', true)`);
    switch (paging) {
      case 'copy':
        return readWithCopy(runner, params, onChunk, chunkSize);
      case 'cursor':
        return readWithCursor(runner, params, onChunk, chunkSize, parse);
      case 'keyset':
        return readWithKeyset(runner, params, onChunk, chunkSize, parse);
    }
  });
}

/** Runs `read` in the caller's transaction, or in a REPEATABLE READ, READ ONLY one of its own. */
async function inSnapshot<T>(db: DataSource | EntityManager, read: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const current = db instanceof DataSource ? undefined : db.queryRunner;
  if (current?.isTransactionActive) return read(current);
  const dataSource = db instanceof DataSource ? db : db.connection;
  // The primary: a lagging replica would leave out events that arrived just before the evaluation.
  const runner = dataSource.createQueryRunner('master');
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    const result = await read(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

type Fetch = () => Promise<{ events: WindowEventRow[]; last: boolean }>;

/**
 * Calls `onChunk` for every chunk `fetch` gives, fetching the next one while `onChunk` works on the current (so
 * PostgreSQL and Node overlap). A fetch that is never awaited (onChunk threw) must not become an unhandled
 * rejection.
 */
async function pump(
  fetch: Fetch,
  onChunk: (events: WindowEventRow[]) => void | Promise<void>,
): Promise<{ events: number }> {
  let events = 0;
  let pending = fetch();
  for (;;) {
    const chunk = await pending;
    if (!chunk.last) {
      pending = fetch();
      pending.catch(() => undefined);
    }
    if (chunk.events.length > 0) {
      events += chunk.events.length;
      await onChunk(chunk.events);
    }
    if (chunk.last) return { events };
  }
}

async function readWithCursor(
  runner: QueryRunner,
  params: unknown[],
  onChunk: (events: WindowEventRow[]) => void | Promise<void>,
  chunkSize: number,
  parse: 'chunk' | 'row',
): Promise<{ events: number }> {
  const cursor = `window_events_${randomBytes(6).toString('hex')}`;
  const columns = parse === 'chunk' ? TEXT_COLUMNS : PARSED_COLUMNS;
  // The planner costs a cursor for its first 10% of rows by default (favouring a nested loop per event over the
  // outcome and feedback joins); this one is always read to the end. The plan is fixed when the cursor is
  // declared, so the caller's transaction gets its setting back right after.
  const [{ previous }] = (await runner.query(
    `SELECT current_setting('cursor_tuple_fraction') AS previous, set_config('cursor_tuple_fraction', '1', true)`,
  )) as { previous: string }[];
  await runner.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns} ${WINDOW_FROM}`, params);
  await runner.query(`SELECT set_config('cursor_tuple_fraction', $1, true)`, [previous]);
  const fetch: Fetch = async () => {
    const rows = (await runner.query(`FETCH FORWARD ${chunkSize} FROM ${cursor}`)) as unknown[];
    const events =
      parse === 'chunk'
        ? parseChunk(rows as EventColumns<string>[])
        : (rows as EventColumns[]).map((r) => fromColumns(r, r.features));
    return { events, last: rows.length < chunkSize };
  };
  const result = await pump(fetch, onChunk);
  await runner.query(`CLOSE ${cursor}`);
  return result;
}

async function readWithKeyset(
  runner: QueryRunner,
  params: unknown[],
  onChunk: (events: WindowEventRow[]) => void | Promise<void>,
  chunkSize: number,
  parse: 'chunk' | 'row',
): Promise<{ events: number }> {
  let lastTime = params[3] as string;
  let lastId = KEYSET_START_ID;
  const fetch: Fetch = async () => {
    const page = [...params, lastTime, lastId, chunkSize];
    if (parse === 'chunk') {
      const [chunk] = (await runner.query(KEYSET_CHUNK_SQL, page)) as KeysetChunk[];
      if (chunk.last_time !== null && chunk.last_id !== null) {
        lastTime = chunk.last_time;
        lastId = chunk.last_id;
      }
      const features = JSON.parse(chunk.features) as WindowEventRow['features'][];
      const { scores, alerts, labels, actions } = chunk as Required<{
        [K in keyof KeysetChunk]: NonNullable<KeysetChunk[K]>;
      }>;
      const events = features.map((f, i): WindowEventRow => ({
        features: f,
        score: scores[i],
        alertShown: alerts[i],
        label: labels[i] === null ? null : (labels[i] as 0 | 1),
        feedback: actions[i],
      }));
      return { events, last: chunk.n < chunkSize };
    }
    const rows = (await runner.query(KEYSET_ROWS_SQL, page)) as (EventColumns & {
      key_time: string;
      event_id: string;
    })[];
    const tail = rows[rows.length - 1];
    if (tail !== undefined) {
      lastTime = tail.key_time;
      lastId = tail.event_id;
    }
    return { events: rows.map((r) => fromColumns(r, r.features)), last: rows.length < chunkSize };
  };
  return pump(fetch, onChunk);
}

// COPY takes no bind parameters. PostgreSQL itself writes the window's values into the statement, as quoted
// literals (format's %L, from bound parameters: nothing of the caller's is spliced in by hand), so the planner
// sees constants: the day partitions are pruned and nothing is evaluated per row. A null cut-off becomes NULL,
// and `NULL IS NULL OR …` folds away.
const COPY_TEMPLATE = `COPY (
  SELECT '[' || e.features::text || ',' || e.score::text || ',' || CASE WHEN e.alert_shown THEN 'true' ELSE 'false' END
         || ',' || coalesce(o.label::text, 'null') || ',' || coalesce('"' || f.action || '"', 'null') || ']'
    FROM inference_event e
    LEFT JOIN event_outcome o
      ON o.event_id = e.event_id AND (%6$L::timestamptz IS NULL OR o.received_at <= %6$L::timestamptz)
    LEFT JOIN clinician_feedback f
      ON f.event_id = e.event_id AND (%7$L::timestamptz IS NULL OR f.received_at <= %7$L::timestamptz)
   WHERE e.model_id = %1$L::uuid AND e.version = %2$L::int AND e.site = %3$L
     AND e.event_time >= %4$L::timestamptz AND e.event_time < %5$L::timestamptz
) TO STDOUT`;
// Each event is one line, a JSON array [features, score, alertShown, label, feedback]: actions are one of three
// plain words (a CHECK constraint), so quoting them needs no escaping.
const COPY_STATEMENT = `SELECT format($1, $2::uuid, $3::int, $4::text, $5::text, $6::text, $7::text, $8::text) AS sql`;
/** Bytes PostgreSQL may stream ahead while onChunk works (about a chunk of events), so both sides keep busy. */
const COPY_READ_AHEAD_BYTES = 8 * 2 ** 20;

type CopyEvent = [WindowEventRow['features'], number, boolean, 0 | 1 | null, WindowEventRow['feedback']];

async function readWithCopy(
  runner: QueryRunner,
  params: unknown[],
  onChunk: (events: WindowEventRow[]) => void | Promise<void>,
  chunkSize: number,
): Promise<{ events: number }> {
  const [{ sql }] = (await runner.query(COPY_STATEMENT, [COPY_TEMPLATE, ...params])) as { sql: string }[];
  const client = (await runner.connect()) as PoolClient;
  const stream = client.query(copyTo(sql, { highWaterMark: COPY_READ_AHEAD_BYTES }));
  const decoder = new StringDecoder('utf8');
  let partial = ''; // the start of a line not complete yet
  let chunk: WindowEventRow[] = [];
  let events = 0;
  let failure: { error: unknown } | null = null;
  // Each network read's complete lines are parsed at once (small strings, which die young), and the events
  // gathered into chunks of exactly chunkSize.
  for await (const data of stream as AsyncIterable<Buffer>) {
    // After onChunk failed, the rest is read and dropped: the connection must leave COPY mode cleanly.
    if (failure !== null) continue;
    const text = partial + decoder.write(data);
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      partial = text;
      continue;
    }
    partial = text.slice(end + 1);
    try {
      for (const event of parseCopyLines(text.slice(0, end))) {
        chunk.push(event);
        if (chunk.length === chunkSize) {
          const full = chunk;
          chunk = [];
          events += full.length;
          await onChunk(full);
        }
      }
    } catch (error) {
      failure = { error };
    }
  }
  if (failure !== null) throw failure.error;
  if (chunk.length > 0) {
    events += chunk.length;
    await onChunk(chunk);
  }
  return { events };
}

/**
 * The lines of a COPY text stream, one JSON array each, parsed by one JSON.parse. COPY's text format escapes only
 * backslashes and control characters; JSON text never holds a raw control character, so undoubling backslashes
 * restores each line exactly.
 */
function parseCopyLines(lines: string): WindowEventRow[] {
  const json = lines.includes('\\') ? lines.replaceAll('\\\\', '\\') : lines;
  const rows = JSON.parse(`[${json.replaceAll('\n', ',')}]`) as CopyEvent[];
  return rows.map(([features, score, alertShown, label, feedback]) => ({
    features,
    score,
    alertShown,
    label,
    feedback,
  }));
}

/** One JSON.parse for the whole chunk's features rather than one per event: their texts joined into one array. */
function parseChunk(rows: EventColumns<string>[]): WindowEventRow[] {
  if (rows.length === 0) return [];
  const features = JSON.parse(`[${rows.map((r) => r.features).join(',')}]`) as WindowEventRow['features'][];
  return rows.map((r, i) => fromColumns(r, features[i]));
}

function fromColumns<F>(r: EventColumns<F>, features: WindowEventRow['features']): WindowEventRow {
  return {
    features,
    score: r.score,
    alertShown: r.alert_shown,
    label: r.label === null ? null : (r.label as 0 | 1),
    feedback: r.action,
  };
}
