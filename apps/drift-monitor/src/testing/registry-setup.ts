import { buildLogisticModel } from '@vigil/inference/testing';
// The monitor's tests need what only the registry makes (models, signed approvals, deployments), so they start a
// real registry beside the monitor, on the same database; its test helper lives in that app.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { registrationForm, type TestControlPlane } from '../../../registry/src/testing/test-control-plane';

export interface IngestionSetup {
  /** A deployer token: what an inference node holds. */
  node: string;
  submitter: string;
}

/**
 * Through the registry's API: model `name` with versions 1 and 2, version 1 signed off for shadow use and
 * deployed (shadow) at each of `sites`, so events for `name@1` at those sites are accepted and `name@2` refused.
 */
export async function deployForIngestion(
  t: TestControlPlane,
  opts: { model?: string; sites?: string[]; node?: string; submitter?: string } = {},
): Promise<IngestionSetup> {
  const model = opts.model ?? 'sepsis-risk';
  const sites = opts.sites ?? ['site-a'];
  const must = (what: string, res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const email = `approver-${model}@hospital.org`;
  const password = 'Approver-signs-2026!';
  must(
    'create approver',
    await t.api('POST', '/api/v1/users', {
      json: { name: `Dr. Approver ${model}`, email, role: 'approver', attributes: [], password },
    }),
    201,
  );
  const approverToken = await t.api('POST', '/api/v1/tokens', {
    json: { name: `approver-${model}`, principal: email },
  });
  must('approver token', approverToken, 201);
  const approver = approverToken.body.secret as string;
  const submitter = opts.submitter ?? (await t.tokenFor('submitter'));
  const node = opts.node ?? (await t.tokenFor('deployer'));

  must(
    'create model',
    await t.api('POST', '/api/v1/models', { token: submitter, json: { name: model, owner: 'Dr. A. Rivera' } }),
    201,
  );
  for (const bias of [0.1, 0.2]) {
    must(
      'register version',
      await t.api('POST', `/api/v1/models/${model}/versions`, {
        token: submitter,
        body: registrationForm(
          { gitCommit: 'a1b2c3d4e5f6', trainingDataUri: 's3://d/x' },
          buildLogisticModel({ weights: [1, 2, 3], bias }),
        ),
      }),
      201,
    );
  }
  const policy = { rules: [{ environment: 'shadow', signatures: [{ role: 'approver', count: 1 }] }] };
  must('policy', await t.api('PUT', `/api/v1/models/${model}/policy`, { json: policy }), 200);
  const request = await t.api('POST', '/api/v1/approvals', {
    token: submitter,
    json: { model, version: 1, environment: 'shadow', sites, note: 'shadow run' },
  });
  must('approval request', request, 201);
  const signed = await t.api('POST', `/api/v1/approvals/${request.body.id}/signatures`, {
    token: approver,
    json: { decision: 'approve', meaning: 'Approved for shadow use', reason: 'ok', password },
  });
  if (signed.body?.status !== 'approved') throw new Error(`approval: ${JSON.stringify(signed.body)}`);
  for (const site of sites) {
    must(
      `deploy at ${site}`,
      await t.api('POST', `/api/v1/models/${model}/deployments`, {
        token: node,
        json: { version: 1, environment: 'shadow', site },
      }),
      201,
    );
  }
  return { node, submitter };
}
