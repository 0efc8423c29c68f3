import { buildLogisticModel } from '@vigil/inference/testing';
import { registrationForm, startTestControlPlane, type TestControlPlane } from './testing/test-control-plane';

const PW = { rivera: 'Rivera-signs-2026!', chen: 'Chen-approves-2026?', sam: 'Sam-submits-2026#' };
const meta = { gitCommit: 'a1b2c3d4e5f6', trainingDataUri: 's3://data/sepsis/2025q2' };
const policy = {
  approvalLifetimeDays: 180,
  rules: [
    {
      environment: 'production',
      signatures: [
        { role: 'approver', count: 2 },
        { role: 'approver', count: 1, attribute: 'clinical-lead' },
      ],
    },
    { environment: 'shadow', signatures: [{ role: 'approver', count: 1 }] },
  ],
};

describe('governance: approvals, promotion, rollback, manifests (real PostgreSQL)', () => {
  let t: TestControlPlane;
  const tok: Record<string, string> = {};
  let req1: string;

  async function person(
    name: string,
    email: string,
    role: string,
    attributes: string[],
    password: string,
    tokenName: string,
  ) {
    const made = await t.api('POST', '/api/v1/users', { json: { name, email, role, attributes, password } });
    expect(made.status).toBe(201);
    expect(JSON.stringify(made.body)).not.toContain(password);
    const token = await t.api('POST', '/api/v1/tokens', { json: { name: tokenName, principal: email } });
    expect(token.status).toBe(201);
    return token.body.secret as string;
  }

  const sign = (id: string, who: string, body: Record<string, unknown>) =>
    t.api('POST', `/api/v1/approvals/${id}/signatures`, { token: tok[who], json: body });

  beforeAll(async () => {
    t = await startTestControlPlane();
    tok.rivera = await person(
      'Dr. A. Rivera',
      'rivera@hospital.org',
      'approver',
      ['clinical-lead'],
      PW.rivera,
      'rivera-cli',
    );
    tok.chen = await person('Dr. B. Chen', 'chen@hospital.org', 'approver', [], PW.chen, 'chen-cli');
    tok.sam = await person('Sam Okafor', 'sam@hospital.org', 'submitter', [], PW.sam, 'sam-cli');
    tok.ci = (await t.api('POST', '/api/v1/tokens', { json: { name: 'ci-bot', role: 'deployer' } })).body.secret;
    expect(
      (await t.api('POST', '/api/v1/models', { token: tok.sam, json: { name: 'sepsis-risk', owner: 'Dr. A. Rivera' } }))
        .status,
    ).toBe(201);
    for (const b of [0.1, 0.2]) {
      const res = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
        token: tok.sam,
        body: registrationForm(meta, buildLogisticModel({ weights: [1, 2, 3], bias: b })),
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses a policy nobody could satisfy, and accepts a sound one (admin only)', async () => {
    const impossible = { rules: [{ environment: 'production', signatures: [{ role: 'approver', count: 3 }] }] };
    const bad = await t.api('PUT', '/api/v1/models/sepsis-risk/policy', { json: impossible });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('policy_unsatisfiable');
    expect((await t.api('PUT', '/api/v1/models/sepsis-risk/policy', { token: tok.sam, json: policy })).status).toBe(
      403,
    );
    const ok = await t.api('PUT', '/api/v1/models/sepsis-risk/policy', { json: policy });
    expect(ok.status).toBe(200);
    expect(ok.body.policyVersion).toBe(1);
    expect(
      (await t.api('GET', '/api/v1/models/sepsis-risk/policy', { token: tok.sam })).body.policy.rules,
    ).toHaveLength(2);
  });

  it('opens a request bound to the exact version and lists what is missing', async () => {
    const res = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: 1, environment: 'production', sites: ['site-a'], note: 'first go-live' },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('open');
    expect(res.body.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.missing.join(' ')).toMatch(/approver/);
    req1 = res.body.id;
  });

  it('never lets the submitter, a service account, or a wrong password sign', async () => {
    const own = await sign(req1, 'sam', {
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'mine',
      password: PW.sam,
    });
    expect(own.status).toBe(403);
    const bot = await sign(req1, 'ci', {
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'ci',
    });
    expect(bot.status).toBe(403);
    const noPassword = await sign(req1, 'rivera', {
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'ok',
    });
    expect(noPassword.status).toBe(401);
    const wrong = await sign(req1, 'rivera', {
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'ok',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('reauthentication_failed');
    expect((await t.api('GET', `/api/v1/approvals/${req1}`)).body.signatures).toEqual([]);
  });

  it('records a signature once, with printed name, role, meaning, reason and the hash of what was signed', async () => {
    const first = await sign(req1, 'rivera', {
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'Validated on the 2025 cohort',
      password: PW.rivera,
    });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('open');
    expect(first.body.signatures[0]).toMatchObject({
      printedName: 'Dr. A. Rivera',
      role: 'approver',
      decision: 'approve',
      authMethod: 'password',
    });
    expect(first.body.signatures[0].signedHash).toMatch(/^[0-9a-f]{64}$/);
    const twice = await sign(req1, 'rivera', {
      decision: 'approve',
      meaning: 'again',
      reason: 'again',
      password: PW.rivera,
    });
    expect(twice.status).toBe(409);
    await expect(t.db.dataSource.query(`UPDATE approval_signature SET reason = 'edited'`)).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('refuses to promote what is not approved, naming what is missing (exit-code-1 material)', async () => {
    const res = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: { version: 1, environment: 'production', site: 'site-a' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('promotion_not_approved');
    expect(res.body.detail).toMatch(/sepsis-risk@1/);
    expect(res.body.openRequestId).toBe(req1);
    expect(res.body.missing.join(' ')).toMatch(/approver/);
  });

  it('approves at quorum and promotes only to the covered target', async () => {
    const second = await sign(req1, 'chen', {
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'Reviewed',
      password: PW.chen,
    });
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('approved');
    expect(second.body.expiresAt).not.toBeNull();
    const listed = await t.api('GET', '/api/v1/models/sepsis-risk/approvals', { token: tok.sam });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: req1, status: 'approved', expiry: 'valid', version: 1 }),
    ]);
    const ok = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: { version: 1, environment: 'production', site: 'site-a' },
    });
    expect(ok.status).toBe(201);
    const elsewhere = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: { version: 1, environment: 'production', site: 'site-b' },
    });
    expect(elsewhere.status).toBe(409);
    expect(
      (
        await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
          token: tok.sam,
          json: { version: 1, environment: 'production', site: 'site-a' },
        })
      ).status,
    ).toBe(403);
  });

  it('serves the site manifest with an ETag and answers an unchanged poll with 304', async () => {
    const m = await t.api('GET', '/api/v1/sites/site-a/deployment', { token: tok.ci });
    expect(m.status).toBe(200);
    expect(m.body.models).toEqual([
      expect.objectContaining({
        model: 'sepsis-risk',
        environment: 'production',
        version: 1,
        threshold: 0.5,
        approval: expect.objectContaining({ state: 'valid' }),
        artifact: expect.objectContaining({ url: '/api/v1/models/sepsis-risk/versions/1/artifact' }),
      }),
    ]);
    const etag = m.headers.get('etag')!;
    const again = await t.api('GET', '/api/v1/sites/site-a/deployment', {
      token: tok.ci,
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('lets exactly one of several racing promotions win', async () => {
    const r2 = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: 2, environment: 'production', sites: ['site-a'] },
    });
    for (const who of ['rivera', 'chen'] as const) {
      expect(
        (
          await sign(r2.body.id, who, {
            decision: 'approve',
            meaning: 'Approved for clinical use at site-a',
            reason: 'v2',
            password: PW[who],
          })
        ).status,
      ).toBe(201);
    }
    const before = (await t.api('GET', '/api/v1/sites/site-a/deployment', { token: tok.ci })).headers.get('etag');
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
          token: tok.ci,
          json: { version: 2, environment: 'production', site: 'site-a' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const events = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM deployment_event WHERE version = 2`);
    expect(events[0].n).toBe(1);
    const after = await t.api('GET', '/api/v1/sites/site-a/deployment', {
      token: tok.ci,
      headers: { 'if-none-match': before! },
    });
    expect(after.status).toBe(200);
    expect(after.body.models[0].version).toBe(2);
  });

  it('rolls back to the previous approved version in one call, with a reason, and history answers from the audit trail', async () => {
    const mid = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const noReason = await t.api('POST', '/api/v1/models/sepsis-risk/deployments/rollback', {
      token: tok.ci,
      json: { environment: 'production', site: 'site-a' },
    });
    expect(noReason.status).toBe(400);
    const back = await t.api('POST', '/api/v1/models/sepsis-risk/deployments/rollback', {
      token: tok.ci,
      json: { environment: 'production', site: 'site-a', reason: 'Alert rate doubled overnight' },
    });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ fromVersion: 2, version: 1 });
    // A second rollback goes further back (here: nowhere), never forward to the version just pulled.
    const again = await t.api('POST', '/api/v1/models/sepsis-risk/deployments/rollback', {
      token: tok.ci,
      json: { environment: 'production', site: 'site-a', reason: 'Still not right' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('nothing_to_roll_back');
    const nothing = await t.api('POST', '/api/v1/models/sepsis-risk/deployments/rollback', {
      token: tok.ci,
      json: { environment: 'production', site: 'site-z', reason: 'nothing there yet' },
    });
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe('nothing_to_roll_back');

    const then = await t.api('GET', `/api/v1/sites/site-a/history?at=${encodeURIComponent(mid.toISOString())}`);
    expect(then.status).toBe(200);
    expect(then.body.items).toEqual([
      expect.objectContaining({
        model: 'sepsis-risk',
        environment: 'production',
        version: 2,
        how: 'promoted',
        by: 'ci-bot',
      }),
    ]);
    expect(then.body.items[0].approvedBy.map((a: { name: string }) => a.name).sort()).toEqual([
      'Dr. A. Rivera',
      'Dr. B. Chen',
    ]);
    const now = await t.api('GET', `/api/v1/sites/site-a/history?at=${encodeURIComponent(new Date().toISOString())}`);
    expect(now.body.items[0]).toMatchObject({ version: 1, how: 'rolled back' });
    const before = await t.api('GET', `/api/v1/sites/site-a/history?at=2020-01-01T00:00:00Z`);
    expect(before.body.items).toEqual([]);
  });

  it('makes open requests stale when the policy changes, and a stale request cannot be signed', async () => {
    const open = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: 2, environment: 'shadow' },
    });
    expect(open.status).toBe(201);
    const changed = await t.api('PUT', '/api/v1/models/sepsis-risk/policy', {
      json: { ...policy, approvalLifetimeDays: 90 },
    });
    expect(changed.body.staleRequests).toContain(open.body.id);
    const late = await sign(open.body.id, 'chen', {
      decision: 'approve',
      meaning: 'Approved for shadow',
      reason: 'x',
      password: PW.chen,
    });
    expect(late.status).toBe(409);
    expect((await t.api('GET', `/api/v1/approvals/${open.body.id}`)).body.status).toBe('stale');
  });

  it('makes a request stale when its version is archived', async () => {
    const v3 = await t.api('POST', '/api/v1/models/sepsis-risk/versions', {
      token: tok.sam,
      body: registrationForm(meta, buildLogisticModel({ weights: [3, 2, 1], bias: 0.3 })),
    });
    const r = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: v3.body.version, environment: 'shadow' },
    });
    expect(r.body.status).toBe('open');
    const archived = await t.api('PATCH', `/api/v1/models/sepsis-risk/versions/${v3.body.version}`, {
      token: tok.sam,
      json: { status: 'archived', reason: 'superseded before review' },
      headers: { 'if-match': v3.headers.get('etag')! },
    });
    expect(archived.status).toBe(200);
    expect((await t.api('GET', `/api/v1/approvals/${r.body.id}`)).body.status).toBe('stale');
  });

  it('lets one rejection by a required role reject the request', async () => {
    const r = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: 2, environment: 'shadow' },
    });
    const no = await sign(r.body.id, 'chen', {
      decision: 'reject',
      meaning: 'Not approved for shadow',
      reason: 'Calibration drift',
      password: PW.chen,
    });
    expect(no.status).toBe(201);
    expect(no.body.status).toBe('rejected');
  });

  it('replays the first response to a retried POST with the same Idempotency-Key: never a second signature or promotion', async () => {
    const r = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: 1, environment: 'shadow' },
    });
    const body = {
      decision: 'approve',
      meaning: 'Approved for shadow use',
      reason: 'Shadow first',
      password: PW.rivera,
    };
    const headers = { 'idempotency-key': 'sign-retry-1' };
    const first = await t.api('POST', `/api/v1/approvals/${r.body.id}/signatures`, {
      token: tok.rivera,
      json: body,
      headers,
    });
    const retry = await t.api('POST', `/api/v1/approvals/${r.body.id}/signatures`, {
      token: tok.rivera,
      json: body,
      headers,
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(first.body.status).toBe('approved');
    expect((await t.api('GET', `/api/v1/approvals/${r.body.id}`)).body.signatures).toHaveLength(1);

    const promote = { version: 1, environment: 'shadow', site: 'site-a' };
    const p1 = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: promote,
      headers: { 'idempotency-key': 'promote-1' },
    });
    const p2 = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: promote,
      headers: { 'idempotency-key': 'promote-1' },
    });
    expect([p1.status, p2.status]).toEqual([201, 201]);
    expect(p2.headers.get('idempotent-replayed')).toBe('true');
    const events = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM deployment_event WHERE environment = 'shadow'`,
    );
    expect(events[0].n).toBe(1);
    const reused = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: { ...promote, site: 'site-b' },
      headers: { 'idempotency-key': 'promote-1' },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });

  it('blocks promotion on an expired approval and flags it on the manifest, never silently', async () => {
    // Time passing is simulated by moving the expiry of the shadow approval into the past.
    await t.db.dataSource.query(
      `UPDATE approval_request SET expires_at = now() - interval '1 minute' WHERE environment = 'shadow' AND status = 'approved'`,
    );
    const manifest = await t.api('GET', '/api/v1/sites/site-a/deployment?environment=shadow', { token: tok.ci });
    expect(manifest.body.models[0].approval.state).toBe('expired');
    const blocked = await t.api('POST', '/api/v1/models/sepsis-risk/deployments', {
      token: tok.ci,
      json: { version: 1, environment: 'shadow', site: 'site-c' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toMatch(/expired/);
    const listed = await t.api('GET', '/api/v1/models/sepsis-risk/approvals');
    expect(listed.body.items.filter((i: { expiry: string | null }) => i.expiry === 'expired')).toHaveLength(1);
  });

  it('holds a request pending while required evidence is missing: the card and the validation runs', async () => {
    const strict = {
      ...policy,
      approvalLifetimeDays: 90,
      rules: [
        ...policy.rules,
        {
          environment: 'staging',
          signatures: [{ role: 'approver', count: 1 }],
          evidence: { cardComplete: true, validationPassedAtEverySite: true },
        },
      ],
    };
    expect((await t.api('PUT', '/api/v1/models/sepsis-risk/policy', { json: strict })).status).toBe(200);
    const r = await t.api('POST', '/api/v1/approvals', {
      token: tok.sam,
      json: { model: 'sepsis-risk', version: 1, environment: 'staging', sites: ['site-a'] },
    });
    expect(r.status).toBe(201);
    const missing = r.body.missing.join(' | ');
    expect(missing).toMatch(/details\.fundingSource/);
    expect(missing).toMatch(/validation/i);
    expect(missing).toMatch(/site-a/);
    const signed = await sign(r.body.id, 'chen', {
      decision: 'approve',
      meaning: 'Approved for staging',
      reason: 'ok',
      password: PW.chen,
    });
    expect(signed.status).toBe(201);
    expect(signed.body.status).toBe('open');
    expect(signed.body.missing.join(' ')).toMatch(/validation/i);
  });

  it('keeps the audit trail intact through all of it', async () => {
    const v = await t.api('GET', '/api/v1/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
  });
});
