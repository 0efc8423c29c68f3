import { describeRequirement, describeShortfall, meetsRequirement, rolesNamedBy } from './signature-requirement';

describe('meetsRequirement', () => {
  const lead = { role: 'approver' as const, count: 1, attribute: 'clinical-lead' };
  const approver = { role: 'approver' as const, count: 2 };

  it('needs the role, and the attribute when one is named', () => {
    expect(meetsRequirement({ roles: ['approver'], attributes: [] }, approver)).toBe(true);
    expect(meetsRequirement({ roles: ['approver'], attributes: [] }, lead)).toBe(false);
    expect(meetsRequirement({ roles: ['approver'], attributes: ['clinical-lead'] }, lead)).toBe(true);
    expect(meetsRequirement({ roles: ['validator'], attributes: ['clinical-lead'] }, lead)).toBe(false);
    expect(meetsRequirement({ roles: ['viewer', 'approver'], attributes: ['x', 'clinical-lead'] }, lead)).toBe(true);
  });

  it('does not let admin stand in for another role', () => {
    expect(meetsRequirement({ roles: ['admin'], attributes: ['clinical-lead'] }, approver)).toBe(false);
    expect(meetsRequirement({ roles: ['admin'], attributes: [] }, { role: 'admin', count: 1 })).toBe(true);
  });
});

describe('describeRequirement / describeShortfall', () => {
  it('counts signatures in words, singular and plural', () => {
    expect(describeRequirement({ role: 'approver', count: 2 })).toBe('2 approver signatures');
    expect(describeRequirement({ role: 'approver', count: 1, attribute: 'clinical-lead' })).toBe(
      '1 approver signature holding clinical-lead',
    );
    expect(describeShortfall({ role: 'approver', count: 3 }, 1)).toBe('2 more approver signatures');
    expect(describeShortfall({ role: 'approver', count: 1, attribute: 'clinical-lead' }, 0)).toBe(
      '1 more approver signature holding clinical-lead',
    );
    expect(describeShortfall({ role: 'validator', count: 1 }, 4)).toBe('0 more validator signatures');
  });
});

describe('rolesNamedBy', () => {
  it('lists each role once, in first-seen order', () => {
    expect(
      rolesNamedBy([
        {
          environment: 'a',
          signatures: [
            { role: 'validator', count: 1 },
            { role: 'approver', count: 2 },
          ],
        },
        {
          environment: 'b',
          signatures: [
            { role: 'approver', count: 1, attribute: 'x' },
            { role: 'deployer', count: 1 },
          ],
        },
      ]),
    ).toEqual(['validator', 'approver', 'deployer']);
    expect(rolesNamedBy([])).toEqual([]);
  });
});
