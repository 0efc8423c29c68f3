import { readClaimPath, readStringList } from './claim-path';

describe('readClaimPath', () => {
  const claims = {
    vigil_roles: ['approver'],
    realm_access: { roles: ['approver', 'offline_access'] },
    resource_access: { 'vigil-registry': { roles: ['admin'] } },
    'https://vigil.example.org/roles': ['deployer'],
    list: [{ a: 1 }],
  };

  it('reads top-level and nested claims', () => {
    expect(readClaimPath(claims, 'vigil_roles')).toEqual(['approver']);
    expect(readClaimPath(claims, 'realm_access.roles')).toEqual(['approver', 'offline_access']);
    expect(readClaimPath(claims, 'resource_access.vigil-registry.roles')).toEqual(['admin']);
  });

  it('prefers a top-level claim whose name contains dots', () => {
    expect(readClaimPath(claims, 'https://vigil.example.org/roles')).toEqual(['deployer']);
  });

  it('returns undefined for missing paths, paths through non-objects and the prototype chain', () => {
    expect(readClaimPath(claims, 'realm_access.groups')).toBeUndefined();
    expect(readClaimPath(claims, 'vigil_roles.0')).toBeUndefined();
    expect(readClaimPath(claims, 'list.0.a')).toBeUndefined();
    expect(readClaimPath(claims, 'realm_access.constructor')).toBeUndefined();
    expect(readClaimPath(claims, '__proto__')).toBeUndefined();
    expect(readClaimPath(claims, 'realm_access.roles.length')).toBeUndefined();
  });
});

describe('readStringList', () => {
  it('reads arrays of strings, dropping other entries', () => {
    expect(readStringList(['a', 1, '', null, 'b'])).toEqual(['a', 'b']);
  });

  it('splits a space-separated string', () => {
    expect(readStringList(' approver  clinical-lead ')).toEqual(['approver', 'clinical-lead']);
  });

  it('returns null for other shapes', () => {
    expect(readStringList(undefined)).toBeNull();
    expect(readStringList({ roles: [] })).toBeNull();
    expect(readStringList(7)).toBeNull();
  });
});
