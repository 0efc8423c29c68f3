import { canonicalJson } from '../audit/canonical-json';
import { SIGNED_CONTENT_SCHEMA, signedContentFor, type SignedContentInput } from './signed-content';
import { domainErrorOf } from './testing/domain-error-of';

const sha = (c: string) => c.repeat(64);

const input = (over: Partial<SignedContentInput> = {}): SignedContentInput => ({
  requestId: 'req-12',
  model: 'sepsis-risk',
  version: 4,
  artifactSha256: sha('a'),
  environment: 'production',
  sites: ['site-b', 'site-a'],
  policyVersion: 3,
  evidenceDigest: sha('e'),
  decision: 'approve',
  meaning: 'Approved for clinical use at site-a and site-b',
  signerId: 'user-rivera',
  signedAt: new Date('2026-03-01T08:00:00.123Z'),
  ...over,
});

describe('signedContentFor', () => {
  it('binds request, artifact, target, policy, evidence, decision, meaning, signer and time', () => {
    expect(signedContentFor(input())).toEqual({
      schema: SIGNED_CONTENT_SCHEMA,
      requestId: 'req-12',
      model: 'sepsis-risk',
      version: 4,
      artifactSha256: sha('a'),
      target: { environment: 'production', sites: ['site-a', 'site-b'] },
      policyVersion: 3,
      evidenceDigest: sha('e'),
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a and site-b',
      signerId: 'user-rivera',
      signedAt: '2026-03-01T08:00:00.123Z',
    });
    expect(SIGNED_CONTENT_SCHEMA).toBe('vigil.approval-signature/1');
  });

  it('keeps null sites as "any site"', () => {
    expect(signedContentFor(input({ sites: null })).target).toEqual({ environment: 'production', sites: null });
  });

  it('gives the same canonical form whatever order the sites were typed in', () => {
    const a = canonicalJson(signedContentFor(input({ sites: ['site-a', 'site-b'] })));
    const b = canonicalJson(signedContentFor(input({ sites: ['site-b', 'site-a', 'site-b'] })));
    expect(a).toBe(b);
  });

  it('does not sort the caller’s array in place', () => {
    const sites = ['site-b', 'site-a'];
    signedContentFor(input({ sites }));
    expect(sites).toEqual(['site-b', 'site-a']);
  });

  it.each<[string, Partial<SignedContentInput>]>([
    ['request', { requestId: 'req-13' }],
    ['model', { model: 'sepsis-risk-2' }],
    ['version', { version: 5 }],
    ['artifact', { artifactSha256: sha('b') }],
    ['environment', { environment: 'shadow' }],
    ['sites', { sites: ['site-a'] }],
    ['any site', { sites: null }],
    ['policy version', { policyVersion: 4 }],
    ['evidence', { evidenceDigest: sha('f') }],
    ['decision', { decision: 'reject' }],
    ['meaning', { meaning: 'Approved for shadow use' }],
    ['signer', { signerId: 'user-chen' }],
    ['time', { signedAt: new Date('2026-03-01T08:00:00.124Z') }],
  ])('changes when the %s changes, so a signature cannot be moved', (_what, change) => {
    expect(canonicalJson(signedContentFor(input(change)))).not.toBe(canonicalJson(signedContentFor(input())));
  });

  it('refuses malformed content, listing every problem', () => {
    const e = domainErrorOf(() =>
      signedContentFor(
        input({
          requestId: ' ',
          model: 'Sepsis Risk',
          version: 0,
          artifactSha256: sha('A'),
          environment: '*',
          sites: ['site-a', 'Site B'],
          policyVersion: 1.5,
          evidenceDigest: 'abc',
          decision: 'maybe' as 'approve',
          meaning: '',
          signerId: '',
          signedAt: new Date('not a date'),
        }),
      ),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.errors!.map((p) => p.field)).toEqual([
      'requestId',
      'model',
      'version',
      'artifactSha256',
      'environment',
      'sites[1]',
      'policyVersion',
      'evidenceDigest',
      'decision',
      'meaning',
      'signerId',
      'signedAt',
    ]);
    expect(e.message.startsWith('The signature cannot be bound: requestId: must be a non-empty string; ')).toBe(true);
  });

  it('refuses an empty site list, a meaning that is too long, and a signedAt that is not a Date', () => {
    const fields = (over: Partial<SignedContentInput>) =>
      domainErrorOf(() => signedContentFor(input(over))).errors!.map((p) => p.field);
    expect(fields({ sites: [] })).toEqual(['sites']);
    expect(fields({ meaning: 'x'.repeat(501) })).toEqual(['meaning']);
    expect(signedContentFor(input({ meaning: 'x'.repeat(500) })).meaning).toHaveLength(500);
    expect(fields({ signedAt: '2026-03-01T08:00:00Z' as unknown as Date })).toEqual(['signedAt']);
  });
});
