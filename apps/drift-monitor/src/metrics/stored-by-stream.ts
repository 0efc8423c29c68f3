/** One item of a batch: its event id and the (model, site) it counts under, or null when the event is unknown. */
export interface TalliedItem {
  eventId: string;
  stream: string | null;
}

export interface StreamCounts {
  stored: Map<string, number>;
  duplicates: Map<string, number>;
}

/**
 * Splits a receipt's `stored` count over the batch's (model, site) streams. The use cases report only how many
 * rows they inserted; the rows are the first occurrence of each id in the batch that was not already stored,
 * which is what this reconstructs. `alreadyStored` (ids present before the batch) may be left out when the batch
 * has one stream only: every stored row is then that stream's. If another replica stored some of the same ids
 * between the look-up and the insert, the candidates outnumber `stored`; the first ones in batch order are then
 * counted, so the total always matches the receipt.
 */
export function storedByStream(
  items: readonly TalliedItem[],
  stored: number,
  alreadyStored: ReadonlySet<string> | null,
): StreamCounts {
  const seen = new Set<string>();
  const candidates: string[] = [];
  const received = new Map<string, number>();
  for (const item of items) {
    if (item.stream === null) continue;
    received.set(item.stream, (received.get(item.stream) ?? 0) + 1);
    if (seen.has(item.eventId)) continue;
    seen.add(item.eventId);
    if (!alreadyStored?.has(item.eventId)) candidates.push(item.stream);
  }
  const storedCounts = new Map<string, number>();
  for (const stream of candidates.slice(0, Math.max(0, stored))) {
    storedCounts.set(stream, (storedCounts.get(stream) ?? 0) + 1);
  }
  const duplicates = new Map<string, number>();
  for (const [stream, n] of received) {
    const rest = n - (storedCounts.get(stream) ?? 0);
    if (rest > 0) duplicates.set(stream, rest);
  }
  return { stored: storedCounts, duplicates };
}

/** Whether `storedByStream` needs the ids already stored to be exact. */
export function needsStoredLookup(items: readonly TalliedItem[]): boolean {
  const streams = new Set(items.map((i) => i.stream));
  return streams.size > 1;
}

const SEPARATOR = '\u0000';
export const streamKey = (model: string, site: string): string => `${model}${SEPARATOR}${site}`;
export const streamLabels = (key: string): { model: string; site: string } => {
  const [model = '', site = ''] = key.split(SEPARATOR);
  return { model, site };
};
