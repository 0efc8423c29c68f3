import { canonicalJson } from '../audit/canonical-json';
import { verifyAuditChain, type ChainedAuditEntry } from './verify-audit-chain';

interface Entry extends ChainedAuditEntry {
  action: string;
  after: Record<string, unknown> | null;
}

/** A stand-in for SHA-256 (the domain has no crypto): four FNV-1a passes with different seeds, 32 hex digits. */
function toyHash(text: string): string {
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193, 0x2545f491, 0x9e3779b9]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** Mirrors the writer: the content fields plus the previous hash, never `id` or `hash` themselves. */
const hashOf = (prevHash: string | null, e: Entry) =>
  toyHash(canonicalJson({ action: e.action, after: e.after, prevHash }));

function chain(n: number): Entry[] {
  const entries: Entry[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const content = { action: `thing.changed`, after: { n: i } };
    const hash = toyHash(canonicalJson({ ...content, prevHash: prev }));
    entries.push({ id: String(i), prevHash: prev, hash, ...content });
    prev = hash;
  }
  return entries;
}

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain, reporting its head', async () => {
    const entries = chain(50);
    expect(await verifyAuditChain(stream(entries), hashOf)).toEqual({
      ok: true,
      count: 50,
      lastId: '50',
      lastHash: entries[49].hash,
    });
  });

  it('accepts an empty log', async () => {
    expect(await verifyAuditChain(stream<Entry>([]), hashOf)).toEqual({
      ok: true,
      count: 0,
      lastId: null,
      lastHash: null,
    });
  });

  it('accepts a plain (synchronous) iterable too', async () => {
    expect(await verifyAuditChain(chain(3), hashOf)).toMatchObject({ ok: true, count: 3 });
  });

  it('catches an edited entry as a content mismatch at that entry', async () => {
    const entries = chain(10);
    entries[6] = { ...entries[6], after: { n: 999 } };
    expect(await verifyAuditChain(stream(entries), hashOf)).toEqual({
      ok: false,
      count: 7,
      firstBrokenId: '7',
      reason: 'content_mismatch',
      previousId: '6',
      lastId: '6',
      lastHash: entries[5].hash,
    });
  });

  it('catches an edited first entry', async () => {
    const entries = chain(3);
    entries[0] = { ...entries[0], action: 'thing.deleted' };
    expect(await verifyAuditChain(stream(entries), hashOf)).toEqual({
      ok: false,
      count: 1,
      firstBrokenId: '1',
      reason: 'content_mismatch',
      previousId: null,
      lastId: null,
      lastHash: null,
    });
  });

  it('catches a removed entry as a link mismatch at the entry after it', async () => {
    const entries = chain(10);
    entries.splice(4, 1);
    expect(await verifyAuditChain(stream(entries), hashOf)).toMatchObject({
      ok: false,
      count: 5,
      firstBrokenId: '6',
      reason: 'link_mismatch',
      previousId: '4',
    });
  });

  it('catches removed first entries: the first one present points back to something', async () => {
    expect(await verifyAuditChain(stream(chain(5).slice(2)), hashOf)).toMatchObject({
      ok: false,
      count: 1,
      firstBrokenId: '3',
      reason: 'link_mismatch',
      previousId: null,
    });
  });

  it('catches an entry rewritten together with its hash at the next entry', async () => {
    const entries = chain(6);
    const forged = { ...entries[2], after: { n: -1 } };
    forged.hash = hashOf(forged.prevHash, forged);
    entries[2] = forged;
    expect(await verifyAuditChain(stream(entries), hashOf)).toMatchObject({
      ok: false,
      firstBrokenId: '4',
      reason: 'link_mismatch',
      lastId: '3',
      lastHash: forged.hash,
    });
  });

  it('calls an edited prevHash a content mismatch: the entry itself changed', async () => {
    const entries = chain(4);
    entries[2] = { ...entries[2], prevHash: entries[0].hash };
    expect(await verifyAuditChain(stream(entries), hashOf)).toMatchObject({
      firstBrokenId: '3',
      reason: 'content_mismatch',
    });
  });

  it('catches two entries swapped', async () => {
    const entries = chain(5);
    [entries[1], entries[2]] = [entries[2], entries[1]];
    expect(await verifyAuditChain(stream(entries), hashOf)).toMatchObject({
      firstBrokenId: '3',
      reason: 'link_mismatch',
    });
  });

  it('treats a null from hashOf (an entry the writer could not have made) as a content mismatch', async () => {
    const entries = chain(3);
    const picky = (prev: string | null, e: Entry) => (e.id === '2' ? null : hashOf(prev, e));
    expect(await verifyAuditChain(stream(entries), picky)).toMatchObject({
      firstBrokenId: '2',
      reason: 'content_mismatch',
    });
  });

  it('hands hashOf the stored prevHash and the whole entry', async () => {
    const entries = chain(2);
    const seen: [string | null, string][] = [];
    await verifyAuditChain(stream(entries), (prev, e) => {
      seen.push([prev, e.id]);
      return hashOf(prev, e);
    });
    expect(seen).toEqual([
      [null, '1'],
      [entries[0].hash, '2'],
    ]);
  });

  it('verifies from a checkpoint when told the hash before the first entry', async () => {
    const entries = chain(10);
    const tail = entries.slice(4);
    expect(await verifyAuditChain(stream(tail), hashOf, { startAfterHash: entries[3].hash })).toMatchObject({
      ok: true,
      count: 6,
      lastId: '10',
    });
    expect(await verifyAuditChain(stream(tail), hashOf, { startAfterHash: entries[2].hash })).toMatchObject({
      ok: false,
      firstBrokenId: '5',
      reason: 'link_mismatch',
    });
    expect(await verifyAuditChain(stream<Entry>([]), hashOf, { startAfterHash: 'abc' })).toEqual({
      ok: true,
      count: 0,
      lastId: null,
      lastHash: null,
    });
  });

  it('stops reading at the first break and closes the source', async () => {
    const entries = chain(100);
    entries[9] = { ...entries[9], after: null };
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (const e of entries) {
          pulled += 1;
          await Promise.resolve();
          yield e;
        }
      } finally {
        closed = true;
      }
    }
    expect(await verifyAuditChain(source(), hashOf)).toMatchObject({ ok: false, firstBrokenId: '10' });
    expect(pulled).toBe(10);
    expect(closed).toBe(true);
  });

  it('streams: entries made on demand are checked without being kept', async () => {
    const n = 20_000;
    let prev: string | null = null;
    let made = 0;
    async function* generated(): AsyncGenerator<Entry> {
      for (let i = 1; i <= n; i++) {
        const content = { action: 'x', after: { i } };
        const hash = toyHash(canonicalJson({ ...content, prevHash: prev }));
        const e: Entry = { id: String(i), prevHash: prev, hash, ...content };
        prev = hash;
        made += 1;
        await Promise.resolve();
        yield e;
      }
    }
    const result = await verifyAuditChain(generated(), hashOf);
    expect(result).toMatchObject({ ok: true, count: n, lastId: String(n) });
    expect(made).toBe(n);
  });

  it('propagates a failure of the source', async () => {
    async function* failing(): AsyncGenerator<Entry> {
      yield chain(1)[0];
      await Promise.resolve();
      throw new Error('connection lost');
    }
    await expect(verifyAuditChain(failing(), hashOf)).rejects.toThrow('connection lost');
  });
});
