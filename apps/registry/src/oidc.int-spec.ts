import { createServer, type Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { buildLogisticModel } from '@vigil/inference/testing';
import { registrationForm, startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

// The identity provider's network endpoint is the one edge we cannot run here: a JWKS served on loopback
// stands in for it, and the tokens are signed in the test with the matching private key.
describe('OIDC access tokens (local JWKS on loopback)', () => {
  let jwks: Server;
  let key: KeyLike;
  let t: TestControlPlane;
  let issuer: string;
  const audience = 'vigil-registry';

  const token = (
    claims: Record<string, unknown>,
    opts: { aud?: string; exp?: string; authTime?: number | null } = {},
  ) => {
    const jwt = new SignJWT({
      ...claims,
      ...(opts.authTime === null ? {} : { auth_time: opts.authTime ?? Math.floor(Date.now() / 1000) }),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(opts.aud ?? audience)
      .setSubject(typeof claims.sub === 'string' ? claims.sub : 'user-1')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '10m');
    return jwt.sign(key);
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const port = (jwks.address() as { port: number }).port;
    issuer = `http://127.0.0.1:${port}/realms/hospital`;
    t = await startTestControlPlane({
      VIGIL_OIDC_ISSUER: issuer,
      VIGIL_OIDC_AUDIENCE: audience,
      VIGIL_OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      VIGIL_OIDC_ROLES_CLAIM: 'realm_access.roles',
      VIGIL_OIDC_ROLE_MAPPING: JSON.stringify({ 'ai-committee': 'approver', 'ml-engineer': 'submitter' }),
      VIGIL_OIDC_ATTRIBUTES_CLAIM: 'vigil_attributes',
    });
  });
  afterAll(async () => {
    await t?.stop();
    await new Promise((r) => jwks.close(r));
  });

  it('accepts a valid token, provisions the person once, and maps roles from the claim', async () => {
    const jwt = await token({
      sub: 'u-rivera',
      name: 'Dr. A. Rivera',
      realm_access: { roles: ['ai-committee', 'offline_access'] },
      vigil_attributes: ['clinical-lead'],
    });
    const me = await t.api('GET', '/api/v1/whoami', { token: jwt });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      name: 'Dr. A. Rivera',
      role: 'approver',
      kind: 'person',
      attributes: ['clinical-lead'],
    });
    expect((await t.api('GET', '/api/v1/whoami', { token: jwt })).body.principalId).toBe(me.body.principalId);
  });

  it('refuses expired, wrongly-addressed or role-less tokens with 401', async () => {
    expect(
      (
        await t.api('GET', '/api/v1/whoami', {
          token: await token({ realm_access: { roles: ['ai-committee'] } }, { exp: '-1m' }),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await t.api('GET', '/api/v1/whoami', {
          token: await token({ realm_access: { roles: ['ai-committee'] } }, { aud: 'another-app' }),
        })
      ).status,
    ).toBe(401);
    expect(
      (await t.api('GET', '/api/v1/whoami', { token: await token({ realm_access: { roles: ['nurse'] } }) })).status,
    ).toBe(401);
    const forged = (await token({ realm_access: { roles: ['ai-committee'] } })).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    expect((await t.api('GET', '/api/v1/whoami', { token: forged })).status).toBe(401);
  });

  it('lets an OIDC person sign only with a sign-in at most 5 minutes old', async () => {
    const submitter = await token({ sub: 'u-sam', name: 'Sam Okafor', realm_access: { roles: ['ml-engineer'] } });
    expect(
      (await t.api('POST', '/api/v1/models', { token: submitter, json: { name: 'cxr', owner: 'Radiology' } })).status,
    ).toBe(201);
    expect(
      (
        await t.api('POST', '/api/v1/models/cxr/versions', {
          token: submitter,
          body: registrationForm(
            { gitCommit: 'abcdef1', trainingDataUri: 's3://x' },
            buildLogisticModel({ weights: [1], bias: 0 }),
          ),
        })
      ).status,
    ).toBe(201);
    const approverClaims = {
      sub: 'u-rivera',
      name: 'Dr. A. Rivera',
      realm_access: { roles: ['ai-committee'] },
      vigil_attributes: ['clinical-lead'],
    };
    await t.api('GET', '/api/v1/whoami', { token: await token(approverClaims) });
    expect(
      (
        await t.api('PUT', '/api/v1/models/cxr/policy', {
          json: { rules: [{ environment: 'production', signatures: [{ role: 'approver', count: 1 }] }] },
        })
      ).status,
    ).toBe(200);
    const request = await t.api('POST', '/api/v1/approvals', {
      token: submitter,
      json: { model: 'cxr', version: 1, environment: 'production' },
    });
    expect(request.status).toBe(201);
    const body = { decision: 'approve', meaning: 'Approved for clinical use', reason: 'External validation passed' };
    const stale = await t.api('POST', `/api/v1/approvals/${request.body.id}/signatures`, {
      token: await token(approverClaims, { authTime: Math.floor(Date.now() / 1000) - 6 * 60 }),
      json: body,
    });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('reauthentication_failed');
    const fresh = await t.api('POST', `/api/v1/approvals/${request.body.id}/signatures`, {
      token: await token(approverClaims),
      json: body,
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.status).toBe('approved');
    expect(fresh.body.signatures[0]).toMatchObject({ printedName: 'Dr. A. Rivera', authMethod: 'oidc' });
  });
});
