import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const DEPLOYMENT_CHANNEL = 'vigil_deployments';

/**
 * Tells every replica that a site's deployment changed: a PostgreSQL NOTIFY sent in the changing transaction
 * (delivered only if it commits) for the others, and an immediate local call for this one.
 */
@Injectable()
export class DeploymentChanges {
  private readonly listeners = new Set<(site: string) => void>();

  announce(manager: EntityManager, site: string): Promise<unknown> {
    return manager.query('SELECT pg_notify($1, $2)', [DEPLOYMENT_CHANNEL, site]);
  }

  forget(site: string): void {
    for (const l of this.listeners) l(site);
  }

  onChange(listener: (site: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
