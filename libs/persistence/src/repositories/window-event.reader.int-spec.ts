import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../testing';
import { DriftEventRepository, type InferenceEventRow } from './drift-event.repository';
import {
  readWindowEvents,
  type WindowEventQuery,
  type WindowEventReadOptions,
  type WindowEventRow,
} from './window-event.reader';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const HOUR_MS = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const T1 = at(HOUR_MS);

/** Text that every layer escapes differently: JSON, COPY's text format, SQL. */
const AWKWARD = {
  note: 'tab\there, "quoted", back\\slash \\n, a\nnewline, a\rreturn, é ☃ 𝄞, \u0001',
  'key with "quotes" and \\': 'x',
  tiny: 5e-324,
  huge: 1.7976931348623157e308,
  third: 1 / 3,
  negative: -0.1,
  empty: '',
  none: null,
};

/** A site name that would break a statement built by hand (COPY takes no bind parameters). */
const ODD_SITE = `it's \\ "odd"'; DROP TABLE inference_event; --`;

const VARIANTS: Required<WindowEventReadOptions>[] = [
  { paging: 'copy', parse: 'chunk' },
  { paging: 'cursor', parse: 'chunk' },
  { paging: 'cursor', parse: 'row' },
  { paging: 'keyset', parse: 'chunk' },
  { paging: 'keyset', parse: 'row' },
];

describe('readWindowEvents (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: DriftEventRepository;
  let modelId: string;
  let otherModelId: string;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => db.dataSource.query<T[]>(sql, params);

  const window = (overrides: Partial<WindowEventQuery> = {}): WindowEventQuery => ({
    modelId,
    version: 1,
    site: 'site-a',
    from: T0,
    to: T1,
    ...overrides,
  });
  const event = (n: number, time: Date, overrides: Partial<InferenceEventRow> = {}): InferenceEventRow => ({
    eventId: `ev-${n}`,
    modelId,
    version: 1,
    site: 'site-a',
    eventTime: time,
    features: { n, lactate: 1 + n / 7, ward: n % 2 === 0 ? 'icu' : 'ed', spo2: n % 3 === 0 ? null : 97 },
    score: (n % 100) / 100,
    alertShown: n % 4 === 0,
    submittedBy: 'node-a',
    ...overrides,
  });

  /** Every chunk's events, and the event numbers (features.n) read. */
  async function read(query: WindowEventQuery, chunkSize?: number, options?: WindowEventReadOptions) {
    const chunks: WindowEventRow[][] = [];
    const result = await readWindowEvents(
      db.dataSource,
      query,
      (events) => void chunks.push(events),
      chunkSize,
      options,
    );
    const numbers = chunks
      .flat()
      .map((e) => e.features.n as number)
      .sort((a, b) => a - b);
    return { result, chunks, numbers, byNumber: new Map(chunks.flat().map((e) => [e.features.n as number, e])) };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    repo = new DriftEventRepository(db.dataSource);
    const insertModel = async (name: string) =>
      (
        await q<{ id: string }>(
          `INSERT INTO registered_model (id, name, owner, card, created_by, created_at, updated_at)
           VALUES ($1, $2, 'Dr. A. Rivera', '{}', 'admin', now(), now()) RETURNING id`,
          [randomUUID(), name],
        )
      )[0].id;
    modelId = await insertModel('sepsis-risk');
    otherModelId = await insertModel('aki-48h');
    // Ten events in the window [T0, T1): its first instant, its last millisecond, four at one instant (so keyset
    // pages must break ties by id), the rest spread out. Around it, events that must not be read.
    await repo.insertEvents([
      event(0, T0),
      event(1, at(HOUR_MS - 1)),
      event(2, at(10 * 60_000)),
      event(3, at(10 * 60_000)),
      event(4, at(10 * 60_000)),
      event(5, at(10 * 60_000)),
      event(6, at(20 * 60_000)),
      event(7, at(30 * 60_000)),
      event(8, at(40 * 60_000)),
      event(9, at(50 * 60_000)),
      event(100, T1), // the next window's first instant
      event(101, at(-1)), // the previous window's last millisecond
      event(102, at(5 * 60_000), { site: 'site-b' }),
      event(103, at(5 * 60_000), { version: 2 }),
      event(104, at(5 * 60_000), { modelId: otherModelId }),
      event(105, at(5 * 60_000), { site: 'site-c', features: AWKWARD }),
      event(106, at(5 * 60_000), { site: ODD_SITE }),
    ]);
    // Sub-millisecond times (a Date cannot hold them): 7 and 8 a quarter of a millisecond later, 9 at the same
    // instant as 8, so a keyset key that lost its microseconds would skip or repeat them.
    await q(
      `UPDATE inference_event SET event_time = event_time + interval '250 microseconds' WHERE event_id IN ('ev-7', 'ev-8')`,
    );
    await q(
      `UPDATE inference_event SET event_time = (SELECT event_time FROM inference_event WHERE event_id = 'ev-8') WHERE event_id = 'ev-9'`,
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(VARIANTS)(
    'reads the window [from, to) of that stream only, every event once, in chunks of chunkSize ($paging, $parse)',
    async (options) => {
      const { result, chunks, numbers } = await read(window(), 3, options);
      expect(result).toEqual({ events: 10 });
      expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1]);
      expect(numbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Chunk sizes that divide the window exactly, and one chunk for all.
      expect((await read(window(), 5, options)).chunks.map((c) => c.length)).toEqual([5, 5]);
      expect((await read(window(), 10_000, options)).numbers).toEqual(numbers);
      // The neighbouring windows.
      expect((await read(window({ from: T1, to: at(2 * HOUR_MS) }), 3, options)).numbers).toEqual([100]);
      expect((await read(window({ from: at(-HOUR_MS), to: T0 }), 3, options)).numbers).toEqual([101]);
      // Other streams.
      expect((await read(window({ site: 'site-b' }), 3, options)).numbers).toEqual([102]);
      expect((await read(window({ version: 2 }), 3, options)).numbers).toEqual([103]);
      expect((await read(window({ modelId: otherModelId }), 3, options)).numbers).toEqual([104]);
      expect((await read(window({ site: ODD_SITE }), 3, options)).numbers).toEqual([106]);
    },
  );

  it('hands over the events as posted: features (numbers to the last digit, text, nulls), score, alert', async () => {
    for (const options of VARIANTS) {
      const { byNumber } = await read(window(), 4, options);
      for (let n = 0; n < 10; n++) {
        const posted = event(n, T0);
        expect(byNumber.get(n)).toEqual({
          features: posted.features,
          score: posted.score,
          alertShown: posted.alertShown,
          label: null,
          feedback: null,
        });
      }
    }
  });

  it('hands over awkward text and extreme numbers exactly', async () => {
    for (const options of VARIANTS) {
      const { chunks } = await read(window({ site: 'site-c' }), 3, options);
      expect(chunks.flat().map((e) => e.features)).toEqual([AWKWARD]);
    }
  });

  it('a window larger than what one network read holds: lines and characters split across reads come out whole', async () => {
    const text = `${'é☃𝄞 '.repeat(100)}\\ "x"`;
    await repo.insertEvents(
      Array.from({ length: 3000 }, (_, i) =>
        event(1000 + i, at(i * 1000), { site: 'site-d', features: { n: 1000 + i, text, v: i / 3 } }),
      ),
    );
    for (const options of VARIANTS) {
      for (const [chunkSize, chunks] of [
        [1000, 3],
        [450, 7],
      ]) {
        const got = await read(window({ site: 'site-d' }), chunkSize, options);
        expect(got.chunks).toHaveLength(chunks);
        expect(got.chunks.slice(0, -1).every((c) => c.length === chunkSize)).toBe(true);
        expect(got.numbers).toEqual(Array.from({ length: 3000 }, (_, i) => 1000 + i));
        expect([...got.byNumber.values()].every((e) => e.features.text === text)).toBe(true);
        expect(got.byNumber.get(1002)?.features.v).toBe(2 / 3);
      }
    }
  });

  it('an empty window calls onChunk never and counts 0', async () => {
    for (const options of VARIANTS) {
      const { result, chunks } = await read(window({ from: at(5 * HOUR_MS), to: at(6 * HOUR_MS) }), 3, options);
      expect(result).toEqual({ events: 0 });
      expect(chunks).toEqual([]);
    }
  });

  describe('outcomes and feedback', () => {
    beforeAll(async () => {
      const manager = db.dataSource.manager;
      await repo.insertOutcomes(manager, [
        { eventId: 'ev-2', label: 1, observedAt: at(2 * HOUR_MS), submittedBy: 'ehr' },
        { eventId: 'ev-3', label: 0, observedAt: at(3 * HOUR_MS), submittedBy: 'ehr' },
        { eventId: 'ev-100', label: 1, observedAt: at(3 * HOUR_MS), submittedBy: 'ehr' },
      ]);
      await repo.insertFeedback(manager, [
        { eventId: 'ev-4', action: 'overridden', reason: 'known patient', submittedBy: 'nurse' },
        { eventId: 'ev-8', action: 'accepted', reason: null, submittedBy: 'nurse' },
      ]);
      // When they arrived: ev-2's label a day after the window, ev-3's three days after; feedback within the
      // hour for ev-4, two days later for ev-8.
      const received = (table: string, id: string, ms: number) =>
        q(`UPDATE ${table} SET received_at = $2 WHERE event_id = $1`, [id, at(ms).toISOString()]);
      await received('event_outcome', 'ev-2', 25 * HOUR_MS);
      await received('event_outcome', 'ev-3', 73 * HOUR_MS);
      await received('clinician_feedback', 'ev-4', 2 * HOUR_MS);
      await received('clinician_feedback', 'ev-8', 49 * HOUR_MS);
    });

    it.each(VARIANTS)(
      'joins what had arrived by the cut-offs, and everything without them ($paging, $parse)',
      async (options) => {
        const all = (await read(window(), 3, options)).byNumber;
        expect([2, 3, 4, 8].map((n) => [all.get(n)?.label, all.get(n)?.feedback])).toEqual([
          [1, null],
          [0, null],
          [null, 'overridden'],
          [null, 'accepted'],
        ]);
        const cut = (
          await read(window({ labelsReceivedBy: at(48 * HOUR_MS), feedbackReceivedBy: at(48 * HOUR_MS) }), 3, options)
        ).byNumber;
        // ev-3's label and ev-8's feedback arrived after the cut-off: not there yet.
        expect([2, 3, 4, 8].map((n) => [cut.get(n)?.label, cut.get(n)?.feedback])).toEqual([
          [1, null],
          [null, null],
          [null, 'overridden'],
          [null, null],
        ]);
        // A cut-off on the instant of arrival includes it; the events themselves never depend on the cut-offs.
        const exact = (await read(window({ labelsReceivedBy: at(25 * HOUR_MS) }), 3, options)).byNumber;
        expect(exact.get(2)?.label).toBe(1);
        expect(exact.size).toBe(10);
      },
    );
  });

  it('reads one snapshot: an event stored in the window while it is being read is not half-seen', async () => {
    for (const options of VARIANTS) {
      let n = 200 + 10 * VARIANTS.indexOf(options);
      const { result, numbers } = await (async () => {
        const chunks: WindowEventRow[][] = [];
        const r = await readWindowEvents(
          db.dataSource,
          window(),
          async (events) => {
            chunks.push(events);
            // Late events land in the window, after and before the current position, as each chunk is read.
            if (chunks.length === 1) await repo.insertEvents([event(n++, at(HOUR_MS - 2)), event(n++, at(1))]);
          },
          3,
          options,
        );
        return { result: r, numbers: chunks.flat().map((e) => e.features.n as number) };
      })();
      expect(result).toEqual({ events: 10 });
      expect(new Set(numbers).size).toBe(10);
      expect(numbers.every((k) => k < 100)).toBe(true);
      await q(`DELETE FROM inference_event WHERE (features->>'n')::int >= 200`);
    }
  });

  it('runs inside the caller’s transaction when given its EntityManager, and with a manager outside one', async () => {
    const seen = await db.dataSource.transaction(async (manager) => {
      await repo.insertOutcomes(manager, [{ eventId: 'ev-9', label: 1, observedAt: T1, submittedBy: 'ehr' }]);
      const events: WindowEventRow[] = [];
      // The transaction's own uncommitted outcome is visible to a read in it.
      await readWindowEvents(manager, window(), (chunk) => void events.push(...chunk), 4);
      await readWindowEvents(manager, window(), (chunk) => void events.push(...chunk), 4, { paging: 'keyset' });
      return events.filter((e) => e.features.n === 9).map((e) => e.label);
    });
    expect(seen).toEqual([1, 1]);
    const outside: number[] = [];
    await readWindowEvents(db.dataSource.manager, window(), (chunk) => void outside.push(chunk.length), 4);
    expect(outside).toEqual([4, 4, 2]);
  });

  it('stops at an error thrown by onChunk, and leaves the connection usable', async () => {
    for (const options of VARIANTS) {
      let calls = 0;
      await expect(
        readWindowEvents(
          db.dataSource,
          window(),
          () => {
            calls++;
            throw new Error('aggregation failed');
          },
          3,
          options,
        ),
      ).rejects.toThrow('aggregation failed');
      expect(calls).toBe(1);
    }
    expect((await read(window(), 3)).result).toEqual({ events: 10 });
  });

  it('refuses a chunk size that is not a whole number of at least 1', async () => {
    await expect(readWindowEvents(db.dataSource, window(), () => undefined, 0)).rejects.toThrow(RangeError);
    await expect(readWindowEvents(db.dataSource, window(), () => undefined, 2.5)).rejects.toThrow(RangeError);
  });
});
