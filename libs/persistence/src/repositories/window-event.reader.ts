import { randomBytes } from 'node:crypto';
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
 * - `cursor`: one server-side cursor over the window, `FETCH`ed a chunk at a time, in one snapshot.
 * - `keyset`: one query per chunk, `(event_time, event_id) > last` in that order, each chunk one index range.
 * - parse `chunk`: PostgreSQL writes each event as JSON text, and a chunk is parsed by one `JSON.parse`;
 *   `row`: the driver parses every column of every row (`features` by one `JSON.parse` per row).
 */
export interface WindowEventReadOptions {
  paging?: 'cursor' | 'keyset';
  parse?: 'chunk' | 'row';
}

const DEFAULT_CHUNK = 10_000;

// The event as JSON, built by PostgreSQL: `features` is copied from jsonb's own text, the score printed
// shortest-exact (extra_float_digits ≥ 1, the default since PostgreSQL 12), so JSON.parse gives the same numbers.
const EVENT_JSON = `json_build_object('features', e.features, 'score', e.score, 'alertShown', e.alert_shown,
                                      'label', o.label, 'feedback', f.action)`;
const EVENT_COLUMNS = `e.features, e.score, e.alert_shown, o.label, f.action`;

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

// The chunk as one JSON array text, and the key of its last row (time as text: full microseconds, unlike a Date).
const KEYSET_CHUNK_SQL = `
  WITH page AS (${KEYSET_PAGE.replace('%COLUMNS%', `${EVENT_JSON} AS event`)})
  SELECT count(*)::int AS n, coalesce(json_agg(page.event), '[]')::text AS events,
         (SELECT p.event_time::text FROM page p ORDER BY p.event_time DESC, p.event_id DESC LIMIT 1) AS last_time,
         (SELECT p.event_id FROM page p ORDER BY p.event_time DESC, p.event_id DESC LIMIT 1) AS last_id
    FROM page`;

const KEYSET_ROWS_SQL = KEYSET_PAGE.replace('%COLUMNS%', `e.event_time::text AS key_time, ${EVENT_COLUMNS}`);

// A key before every real one: the first page starts at the window's start (the `event_time >= $8` bound).
const KEYSET_START_ID = '';

interface EventColumns {
  features: Record<string, number | string | null>;
  score: number;
  alert_shown: boolean;
  label: number | null;
  action: WindowEventRow['feedback'];
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
  const paging = options.paging ?? 'cursor';
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
  return inSnapshot(db, (runner) =>
    paging === 'cursor'
      ? readWithCursor(runner, params, onChunk, chunkSize, parse)
      : readWithKeyset(runner, params, onChunk, chunkSize, parse),
  );
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
  const columns = parse === 'chunk' ? `${EVENT_JSON}::text AS event` : EVENT_COLUMNS;
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
        ? parseChunk((rows as { event: string }[]).map((r) => r.event))
        : (rows as EventColumns[]).map(fromColumns);
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
      const [row] = (await runner.query(KEYSET_CHUNK_SQL, page)) as {
        n: number;
        events: string;
        last_time: string | null;
        last_id: string | null;
      }[];
      if (row.last_time !== null && row.last_id !== null) {
        lastTime = row.last_time;
        lastId = row.last_id;
      }
      return { events: JSON.parse(row.events) as WindowEventRow[], last: row.n < chunkSize };
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
    return { events: rows.map(fromColumns), last: rows.length < chunkSize };
  };
  return pump(fetch, onChunk);
}

/** One JSON.parse for the whole chunk rather than one per event: the texts joined into one array. */
function parseChunk(texts: string[]): WindowEventRow[] {
  return texts.length === 0 ? [] : (JSON.parse(`[${texts.join(',')}]`) as WindowEventRow[]);
}

function fromColumns(r: EventColumns): WindowEventRow {
  return {
    features: r.features,
    score: r.score,
    alertShown: r.alert_shown,
    label: r.label === null ? null : (r.label as 0 | 1),
    feedback: r.action,
  };
}
