import { DomainError } from '@vigil/domain';
import { decodeAuditLogCursor, encodeAuditLogCursor } from './audit-log-cursor';

describe('audit log cursor', () => {
  it('round-trips an id in URL-safe characters', () => {
    const cursor = encodeAuditLogCursor('9007199254740993', 'newest');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuditLogCursor(cursor, 'newest')).toBe('9007199254740993');
    expect(decodeAuditLogCursor(undefined, 'oldest')).toBeUndefined();
  });

  it('refuses a cursor made for the other order', () => {
    const cursor = encodeAuditLogCursor('42', 'oldest');
    expect(() => decodeAuditLogCursor(cursor, 'newest')).toThrow(/order=oldest/);
  });

  it.each([
    ['not base64 JSON', 'bm90LWpzb24'],
    ['a registry cursor', Buffer.from(JSON.stringify({ k: 'sepsis-risk' })).toString('base64url')],
    ['a non-numeric id', Buffer.from(JSON.stringify({ k: '1; drop', o: 'newest' })).toString('base64url')],
  ])('refuses %s as validation_failed', (_label, cursor) => {
    let error: unknown;
    try {
      decodeAuditLogCursor(cursor, 'newest');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    expect((error as DomainError).errors?.[0]?.field).toBe('cursor');
  });
});
