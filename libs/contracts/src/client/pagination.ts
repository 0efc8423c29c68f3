import { type Page } from './page.types';

/**
 * Accepts a list answer as a page or as a bare array. docs/api.md pins the page envelope for the model list
 * but leaves history and tokens unstated, and a bare array is the natural reading for those.
 */
export function toPage<T>(body: unknown): Page<T> {
  if (Array.isArray(body)) return { items: body as T[], nextCursor: null };
  if (body !== null && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    const page = body as { items: T[]; nextCursor?: unknown };
    return { items: page.items, nextCursor: typeof page.nextCursor === 'string' ? page.nextCursor : null };
  }
  throw new TypeError('expected a list ({ "items": [...], "nextCursor": ... }) from the server');
}

/**
 * Follows `nextCursor` until the last page. A cursor that comes back twice would loop forever, so it stops
 * the walk with an error rather than trusting the server.
 */
export async function collectAllPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    if (seen.has(page.nextCursor)) {
      throw new Error(`the server returned the cursor ${JSON.stringify(page.nextCursor)} twice; stopping`);
    }
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
