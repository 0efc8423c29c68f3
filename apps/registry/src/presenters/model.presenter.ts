import { assessCardCompleteness } from '@vigil/domain';
import type { RegisteredModelEntity } from '@vigil/persistence';
import { etagFor } from '@vigil/platform';

export function presentModel(m: RegisteredModelEntity, latestVersion: number | null) {
  return {
    name: m.name,
    owner: m.owner,
    description: m.description,
    card: m.card,
    cardCompleteness: assessCardCompleteness(m.card),
    latestVersion,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    createdBy: m.createdBy,
    etag: etagFor(m.rowVersion),
  };
}

/** List items leave out the card (it can be long); `GET /models/{name}` has it. */
export function presentModelSummary(m: RegisteredModelEntity) {
  const completeness = assessCardCompleteness(m.card);
  return {
    name: m.name,
    owner: m.owner,
    description: m.description,
    cardCompleteness: { total: completeness.total, present: completeness.present },
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
