import 'reflect-metadata';
import { DomainError, type FieldProblem } from '@vigil/domain';
import { mulberry32 } from '@vigil/stats';
import { validateDto } from '../registry/validate-dto';
import { EventBatchDto } from './event-batch.dto';
import { validateEventBatch } from './event-batch.validator';

const good = (i = 0) => ({
  eventId: `6f1c0c1e-3f0b-4a43-9d7e-${String(i).padStart(12, '0')}`,
  model: 'sepsis-risk',
  version: 3,
  site: 'site-a',
  time: '2026-03-01T08:15:00Z',
  features: { lactate: 2.1, heart_rate: 96, sex: 'F', ward: null },
  score: 0.42,
  alertShown: false,
});

function problemsOf(fn: () => unknown): FieldProblem[] | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    expect(e.code).toBe('validation_failed');
    return e.errors ?? [];
  }
}

async function classValidatorProblems(body: unknown): Promise<FieldProblem[] | null> {
  try {
    await validateDto(EventBatchDto, body);
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e.errors ?? [];
  }
}

/**
 * The hand-written check must refuse exactly what the class-validator DTO refuses, on the same fields, with
 * messages the DTO gives too (the DTO may list several per field: every failed decorator; we list the first).
 */
async function expectSameVerdict(body: unknown): Promise<void> {
  const theirs = await classValidatorProblems(body);
  const ours = problemsOf(() => validateEventBatch(body));
  if (theirs === null) {
    expect(ours).toBeNull();
    return;
  }
  expect(ours).not.toBeNull();
  const fields = (ps: FieldProblem[]) => [...new Set(ps.map((p) => p.field))].sort();
  expect(fields(ours!)).toEqual(fields(theirs));
  for (const p of ours!) expect(theirs).toContainEqual(p);
}

describe('validateEventBatch', () => {
  it('returns the body itself, untouched, when every event is well-formed', () => {
    const body = { events: [good(1), good(2), { ...good(3), features: {}, score: 1, alertShown: true }] };
    expect(validateEventBatch(body)).toBe(body);
    expect(body.events[0]).toEqual(good(1));
  });

  it('names each malformed item by index and field, as the 400s always did', () => {
    const problems = problemsOf(() =>
      validateEventBatch({
        events: [
          good(0),
          { ...good(1), score: 1.5 },
          { ...good(2), features: { x: [1] } },
          { ...good(3), eventId: 'bad id!' },
        ],
      }),
    );
    expect(problems).toEqual([
      { field: 'events.1.score', message: 'score must not be greater than 1' },
      { field: 'events.2.features', message: 'features: x must be a number, a string or null' },
      {
        field: 'events.3.eventId',
        message: 'eventId must be 1–100 letters, digits, ".", "_", ":" or "-" (a UUID fits)',
      },
    ]);
  });

  it('refuses unknown fields, a body that is not an object, and batches of the wrong size', () => {
    expect(problemsOf(() => validateEventBatch({ events: [{ ...good(), extra: 1 }], more: true }))).toEqual([
      { field: 'more', message: 'unknown field' },
      { field: 'events.0.extra', message: 'unknown field' },
    ]);
    expect(problemsOf(() => validateEventBatch([good()]))).toEqual([
      { field: '(body)', message: 'must be a JSON object' },
    ]);
    expect(problemsOf(() => validateEventBatch({ events: [] }))).toEqual([
      { field: 'events', message: 'events must contain at least 1 elements' },
    ]);
    const tooMany = { events: Array.from({ length: 5001 }, (_, i) => good(i)) };
    expect(problemsOf(() => validateEventBatch(tooMany))).toEqual([
      { field: 'events', message: 'events must contain no more than 5000 elements' },
    ]);
    expect(problemsOf(() => validateEventBatch({ events: [[good()]] }))).toEqual([
      { field: 'events.0', message: 'each value in nested property events must be either object or array' },
    ]);
  });

  it('lists the first 100 problems of a large bad batch and says how many there were', () => {
    const body = { events: Array.from({ length: 300 }, (_, i) => ({ ...good(i), score: 2 })) };
    let error: DomainError | undefined;
    try {
      validateEventBatch(body);
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.errors).toHaveLength(100);
    expect(error?.extra).toEqual({ problemCount: 300 });
    expect(error?.message).toMatch(/\(300 problems; the first 100 listed\)\.$/);
  });

  it.each([
    ['not an array', { events: 3 }],
    ['missing', {}],
    ['an unknown top-level field', { events: [good()], foo: 1 }],
    ['null, a number and a string as items', { events: [null, 5, 'x'] }],
    ['an empty item', { events: [{}] }],
    [
      'wrong types everywhere',
      {
        events: [
          {
            eventId: 5,
            model: 'M',
            version: '1',
            site: null,
            time: 'yesterday',
            features: [],
            score: '0.5',
            alertShown: 'no',
          },
        ],
      },
    ],
    [
      'numbers out of range',
      {
        events: [
          { ...good(), version: 0, score: -1 },
          { ...good(), version: 1.5, score: 2 },
          { ...good(), score: Number.NaN },
          { ...good(), score: Number.POSITIVE_INFINITY },
        ],
      },
    ],
    [
      'bad feature maps',
      {
        events: [
          { ...good(), features: null },
          { ...good(), features: { '': 1 } },
          { ...good(), features: { x: 'a'.repeat(201) } },
          { ...good(), features: { x: Number.POSITIVE_INFINITY } },
          { ...good(), features: { x: true } },
          { ...good(), features: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, i])) },
          { ...good(), features: { ['n'.repeat(101)]: 1 } },
        ],
      },
    ],
    [
      'times, accepted and not',
      {
        events: [
          '2026-03-01',
          '2026-03-01T08:15',
          '2026-02-30T08:15:00Z',
          '2026-03-01T08:15:00.123+01:00',
          1,
          '2026-03-01T08:15:00.000Z',
          '2026-03-01T08:15Z',
          '2026-03-01T23:59:59.999999-0530',
          '2026-03-01T24:00:00Z',
          '2026-03-01T08:60:00Z',
          '2026-13-01T08:15:00Z',
          '2026-00-10T08:15:00Z',
          '2024-02-29T08:15:00Z',
          '2026-02-29T08:15:00Z',
          '2026-04-31T08:15:00Z',
          '2026-01-31T08:15:00Z',
          '2026-03-01T08:15:00+25:00',
          '2026-03-01T08:15:00z',
          '2026-03-01 08:15:00Z',
          '2026-03-01T08:15:00.Z',
          ' 2026-03-01T08:15:00Z',
        ].map((time) => ({ ...good(), time })),
      },
    ],
    [
      'names and ids',
      {
        events: [
          { ...good(), eventId: '' },
          { ...good(), eventId: 'x'.repeat(101) },
          { ...good(), model: '' },
          { ...good(), site: 'Site' },
          { ...good(), eventId: 'a:b.c_d-e' },
        ],
      },
    ],
  ])('agrees with the class-validator DTO on %s', async (_name, body) => {
    await expectSameVerdict(body);
  });

  it('agrees with the class-validator DTO on 300 randomly broken batches', async () => {
    const random = mulberry32(20261122);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const fields = ['eventId', 'model', 'version', 'site', 'time', 'features', 'score', 'alertShown', 'extra'];
    const values = [
      undefined,
      null,
      '',
      'x',
      'Bad Name',
      0,
      -1,
      0.5,
      1,
      2,
      1.5,
      Number.NaN,
      true,
      [],
      {},
      { a: 1 },
      { a: [1] },
      { a: 'z'.repeat(300) },
      '2026-03-01T08:15:00Z',
      '2026-13-01T08:15:00Z',
    ];
    for (let round = 0; round < 300; round++) {
      const events = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => {
        const e: Record<string, unknown> = good(i);
        const breaks = Math.floor(random() * 3);
        for (let b = 0; b < breaks; b++) {
          const field = pick(fields);
          const value = pick(values);
          if (value === undefined) delete e[field];
          else e[field] = value;
        }
        return e;
      });
      await expectSameVerdict({ events });
    }
  });
});
