/** One page of a list route: pass `nextCursor` back as `cursor` until it is null. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  /** 1–200; the server's default is 50. */
  limit?: number;
  cursor?: string;
}
