import { ROLES, isRole, roleAllows } from './role';

describe('roleAllows', () => {
  it('lets admin through every check', () => {
    for (const r of ROLES) expect(roleAllows([r], 'admin')).toBe(true);
  });
  it('lets any role through an empty requirement', () => {
    for (const r of ROLES) expect(roleAllows([], r)).toBe(true);
  });
  it('refuses a role that is not listed', () => {
    expect(roleAllows(['deployer'], 'approver')).toBe(false);
    expect(roleAllows(['submitter'], 'viewer')).toBe(false);
    expect(roleAllows(['submitter', 'validator'], 'validator')).toBe(true);
  });
  it('recognises only known roles', () => {
    expect(isRole('approver')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
