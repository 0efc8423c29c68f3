import { previousApprovedVersion, type DeploymentHistoryEntry } from './previous-approved-version';
import { domainErrorOf } from './testing/domain-error-of';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const entry = (version: number, day: number, approvalValid = true): DeploymentHistoryEntry => ({
  version,
  deployedAt: at(day),
  approvalValid,
});

describe('previousApprovedVersion', () => {
  it('returns the deployment before the current one', () => {
    const history = [entry(1, 1), entry(2, 5), entry(3, 9)];
    expect(previousApprovedVersion(history, 3)).toBe(history[1]);
  });

  it('does not depend on the order of the history', () => {
    const history = [entry(3, 9), entry(1, 1), entry(2, 5)];
    expect(previousApprovedVersion(history, 3).version).toBe(2);
  });

  it('skips versions whose approval no longer holds', () => {
    const history = [entry(1, 1), entry(2, 5, false), entry(3, 9)];
    expect(previousApprovedVersion(history, 3).version).toBe(1);
  });

  it('skips earlier deployments of the current version', () => {
    const history = [entry(1, 1), entry(3, 3), entry(2, 5, false), entry(3, 9)];
    expect(previousApprovedVersion(history, 3).version).toBe(1);
  });

  it('after a rollback, a second rollback goes to what was live before it', () => {
    // 3 went live, 4 replaced it, 4 was rolled back to 3: rolling back again restores 4.
    const history = [entry(2, 1), entry(3, 2), entry(4, 3), entry(3, 4)];
    expect(previousApprovedVersion(history, 3).version).toBe(4);
  });

  it('never returns a deployment made after the current version went live', () => {
    const history = [entry(1, 1), entry(2, 5), entry(5, 8)];
    expect(previousApprovedVersion(history, 2).version).toBe(1);
  });

  it('does not count a deployment made at the same instant as the current one as previous', () => {
    const history = [entry(1, 1), entry(2, 5), entry(3, 5)];
    expect(previousApprovedVersion(history, 3).version).toBe(1);
  });

  it('considers the whole history when the current version is not in it', () => {
    expect(previousApprovedVersion([entry(1, 1), entry(2, 5)], 7).version).toBe(2);
  });

  it('returns the caller’s own record, extra fields included', () => {
    const rich = { ...entry(1, 1), approvedBy: 'rivera' };
    expect(previousApprovedVersion([rich, entry(2, 2)], 2)).toBe(rich);
  });

  it('refuses when nothing else was deployed before', () => {
    for (const history of [[], [entry(3, 9)], [entry(3, 1), entry(3, 9)]]) {
      const e = domainErrorOf(() => previousApprovedVersion(history, 3, 'production/site-a'));
      expect(e.code).toBe('nothing_to_roll_back');
      expect(e.extra).toEqual({ reason: 'nothing_to_roll_back' });
      expect(e.message).toBe(
        'Nothing to roll back to at production/site-a: no other version was deployed there before version 3.',
      );
    }
  });

  it('refuses when every earlier version’s approval has lapsed, naming them', () => {
    const history = [entry(2, 3, false), entry(1, 1, false), entry(2, 4, false), entry(3, 9)];
    expect(domainErrorOf(() => previousApprovedVersion(history, 3)).message).toBe(
      'Nothing to roll back to: the approvals of the earlier versions (1, 2) no longer hold; promote an approved version instead.',
    );
    expect(domainErrorOf(() => previousApprovedVersion([entry(1, 1, false), entry(3, 9)], 3)).message).toBe(
      'Nothing to roll back to: the approval of the earlier version (1) no longer holds; promote an approved version instead.',
    );
  });
});
