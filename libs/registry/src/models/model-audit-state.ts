import type { RegisteredModelEntity } from '@vigil/persistence';

/** What the audit trail records of a model's state. */
export function modelAuditState(m: RegisteredModelEntity): Record<string, unknown> {
  return { name: m.name, owner: m.owner, description: m.description, card: m.card, rowVersion: m.rowVersion };
}
