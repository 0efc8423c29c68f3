import { GovernanceErrors } from './governance.errors';

/** One deployment of a version to one target. */
export interface DeploymentHistoryEntry {
  version: number;
  deployedAt: Date;
  /** Whether the version's approval for this target still holds (not expired, not stale). */
  approvalValid: boolean;
}

/**
 * The deployment a rollback of one target restores: the most recent one before the current version's
 * latest deployment, of another version whose approval is still valid. Rollback needs no new approval, so it
 * may only ever land on a version that is still approved. `target` names the target in the error.
 */
export function previousApprovedVersion<T extends DeploymentHistoryEntry>(
  history: readonly T[],
  currentVersion: number,
  target?: string,
): T {
  // Only what was deployed before the current version went live (its latest deployment) is "previous".
  let since = Number.NEGATIVE_INFINITY;
  for (const h of history) if (h.version === currentVersion) since = Math.max(since, h.deployedAt.getTime());
  if (since === Number.NEGATIVE_INFINITY) since = Number.POSITIVE_INFINITY;
  const earlier = history
    .filter((h) => h.version !== currentVersion && h.deployedAt.getTime() < since)
    .sort((a, b) => b.deployedAt.getTime() - a.deployedAt.getTime());
  const found = earlier.find((h) => h.approvalValid);
  if (found !== undefined) return found;

  const at = target === undefined ? '' : ` at ${target}`;
  if (earlier.length === 0) {
    throw GovernanceErrors.nothingToRollBack(
      `Nothing to roll back to${at}: no other version was deployed there before version ${currentVersion}.`,
    );
  }
  const versions = [...new Set(earlier.map((h) => h.version))].sort((a, b) => a - b);
  throw GovernanceErrors.nothingToRollBack(
    `Nothing to roll back to${at}: the approval${versions.length === 1 ? '' : 's'} of the earlier version${
      versions.length === 1 ? '' : 's'
    } (${versions.join(', ')}) no longer hold${versions.length === 1 ? 's' : ''}; promote an approved version instead.`,
  );
}
