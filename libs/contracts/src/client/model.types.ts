/** How much of the HTI-1 source attribute set a model card fills in. */
export interface CardCompleteness {
  total: number;
  present: number;
  /** Dotted paths of the attributes still missing, e.g. `details.fundingSource`. */
  missing: string[];
}

/** A model card as free-form JSON: the server owns its schema and validates it. */
export type ModelCardJson = Record<string, unknown>;

export interface Model {
  name: string;
  owner: string;
  description: string | null;
  card: ModelCardJson | null;
  cardCompleteness: CardCompleteness;
  latestVersion: number | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** Opaque; send it back as `If-Match` when changing the model. */
  etag: string;
}

/**
 * A model as the list route gives it: no card (cards can be long) and only the completeness counts.
 * `GET /models/{name}` has the rest.
 */
export interface ModelSummary {
  name: string;
  owner: string;
  description: string | null;
  cardCompleteness: Pick<CardCompleteness, 'total' | 'present'>;
  createdAt: string;
  updatedAt: string;
}

export interface CreateModelInput {
  name: string;
  owner: string;
  description?: string;
  card?: ModelCardJson;
}

export interface UpdateModelInput {
  owner?: string;
  description?: string;
  card?: ModelCardJson;
}
