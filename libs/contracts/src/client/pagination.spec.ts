import { type Page } from './page.types';
import { collectAllPages, toPage } from './pagination';

describe('toPage', () => {
  it('passes a page through', () => {
    expect(toPage({ items: [1, 2], nextCursor: 'n' })).toEqual({ items: [1, 2], nextCursor: 'n' });
  });

  it('treats a missing nextCursor as the last page', () => {
    expect(toPage({ items: [1] })).toEqual({ items: [1], nextCursor: null });
  });

  it('wraps a bare array as a single page', () => {
    expect(toPage([1, 2])).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('refuses anything else', () => {
    expect(() => toPage({ models: [] })).toThrow(TypeError);
    expect(() => toPage(null)).toThrow(TypeError);
  });
});

describe('collectAllPages', () => {
  it('passes each nextCursor back and concatenates in order', async () => {
    const cursors: (string | undefined)[] = [];
    const pages: Record<string, Page<string>> = {
      first: { items: ['a'], nextCursor: 'x' },
      x: { items: ['b', 'c'], nextCursor: 'y' },
      y: { items: [], nextCursor: null },
    };
    const items = await collectAllPages((cursor) => {
      cursors.push(cursor);
      return Promise.resolve(pages[cursor ?? 'first']);
    });
    expect(items).toEqual(['a', 'b', 'c']);
    expect(cursors).toEqual([undefined, 'x', 'y']);
  });
});
