import type { Role } from '../access/role';
import type { ApprovalRule } from './approval-policy.types';
import {
  evaluateApproval,
  type ApprovalEvidenceSnapshot,
  type ApprovalEvaluationInput,
  type ApprovalSignatureRecord,
} from './evaluate-approval';

const rule: ApprovalRule = {
  environment: 'production',
  signatures: [
    { role: 'approver', count: 2 },
    { role: 'approver', count: 1, attribute: 'clinical-lead' },
  ],
};

const withEvidence: ApprovalRule = { ...rule, evidence: { validationPassedAtEverySite: true, cardComplete: true } };

const fullEvidence: ApprovalEvidenceSnapshot = {
  validationPassedSites: ['site-a', 'site-b'],
  requiredSites: ['site-a', 'site-b'],
  cardMissing: [],
};

function sig(
  signerId: string,
  decision: 'approve' | 'reject' = 'approve',
  roles: Role[] = ['approver'],
  attributes: string[] = [],
  kind: 'person' | 'service' = 'person',
): ApprovalSignatureRecord {
  return { signerId, kind, roles, attributes, decision };
}
const lead = (id: string, decision: 'approve' | 'reject' = 'approve') =>
  sig(id, decision, ['approver'], ['clinical-lead']);

function evaluate(over: Partial<ApprovalEvaluationInput>) {
  return evaluateApproval({ rule, submitterId: 'sam', signatures: [], evidence: fullEvidence, ...over });
}

describe('evaluateApproval', () => {
  describe('counting signatures', () => {
    it('is pending with nothing signed, naming every requirement', () => {
      const result = evaluate({});
      expect(result.status).toBe('pending');
      expect(result.missing).toEqual(['2 more approver signatures', '1 more approver signature holding clinical-lead']);
      expect(result.counted).toEqual([
        { requirement: rule.signatures[0], signerIds: [], met: false },
        { requirement: rule.signatures[1], signerIds: [], met: false },
      ]);
      expect(result.rejectedBy).toEqual([]);
      expect(result.ignored).toEqual([]);
    });

    it('counts the clinical lead toward the two approvers too', () => {
      const result = evaluate({ signatures: [lead('rivera'), sig('chen')] });
      expect(result.status).toBe('approved');
      expect(result.missing).toEqual([]);
      expect(result.counted.map((c) => [c.signerIds, c.met])).toEqual([
        [['rivera', 'chen'], true],
        [['rivera'], true],
      ]);
    });

    it('still needs the clinical lead when two plain approvers signed', () => {
      const result = evaluate({ signatures: [sig('chen'), sig('okafor')] });
      expect(result.status).toBe('pending');
      expect(result.missing).toEqual(['1 more approver signature holding clinical-lead']);
    });

    it('still needs a second person when only the clinical lead signed', () => {
      expect(evaluate({ signatures: [lead('rivera')] }).missing).toEqual(['1 more approver signature']);
    });

    it('lists every qualifying signer, beyond the count', () => {
      const result = evaluate({ signatures: [sig('a'), sig('b'), lead('c'), sig('d')] });
      expect(result.status).toBe('approved');
      expect(result.counted[0].signerIds).toEqual(['a', 'b', 'c', 'd']);
    });

    it('needs the attribute together with the role', () => {
      const result = evaluate({ signatures: [sig('chen'), sig('val', 'approve', ['validator'], ['clinical-lead'])] });
      expect(result.status).toBe('pending');
      expect(result.missing).toEqual(['1 more approver signature', '1 more approver signature holding clinical-lead']);
    });

    it('does not count admin as an approver', () => {
      const result = evaluate({ signatures: [lead('rivera'), sig('root', 'approve', ['admin'])] });
      expect(result.status).toBe('pending');
      expect(result.ignored).toEqual([{ signerId: 'root', reason: 'no_required_role' }]);
    });

    it('meets requirements naming several roles with distinct people per requirement', () => {
      const mixed: ApprovalRule = {
        environment: 'production',
        signatures: [
          { role: 'approver', count: 1 },
          { role: 'validator', count: 2 },
        ],
      };
      const both = sig('pat', 'approve', ['approver', 'validator']);
      expect(evaluate({ rule: mixed, signatures: [both, sig('v1', 'approve', ['validator'])] }).status).toBe(
        'approved',
      );
      expect(evaluate({ rule: mixed, signatures: [both] }).missing).toEqual(['1 more validator signature']);
    });
  });

  describe('signatures that never count', () => {
    it('ignores service accounts, even holding the right role and attribute', () => {
      const ci = sig('ci-bot', 'approve', ['approver'], ['clinical-lead'], 'service');
      const result = evaluate({ signatures: [ci, sig('chen')] });
      expect(result.status).toBe('pending');
      expect(result.counted[0].signerIds).toEqual(['chen']);
      expect(result.ignored).toEqual([{ signerId: 'ci-bot', reason: 'service_account' }]);
    });

    it('ignores the submitter (separation of duties)', () => {
      const result = evaluate({ signatures: [lead('sam'), sig('chen')] });
      expect(result.status).toBe('pending');
      expect(result.counted.map((c) => c.signerIds)).toEqual([['chen'], []]);
      expect(result.ignored).toEqual([{ signerId: 'sam', reason: 'submitter' }]);
    });

    it('counts one signer once, even when they signed twice', () => {
      const result = evaluate({ signatures: [lead('rivera'), lead('rivera')] });
      expect(result.status).toBe('pending');
      expect(result.counted[0].signerIds).toEqual(['rivera']);
      expect(result.missing).toEqual(['1 more approver signature']);
      expect(result.ignored).toEqual([{ signerId: 'rivera', reason: 'repeated' }]);
    });

    it('keeps a signer’s first decision: a later rejection by the same person is ignored', () => {
      const result = evaluate({ signatures: [lead('rivera'), lead('rivera', 'reject'), sig('chen')] });
      expect(result.status).toBe('approved');
      expect(result.ignored).toEqual([{ signerId: 'rivera', reason: 'repeated' }]);
    });
  });

  describe('rejection', () => {
    it('is rejected by one rejection from a role a requirement names, whatever else was signed', () => {
      const result = evaluate({ signatures: [lead('rivera'), sig('chen'), sig('okafor', 'reject')] });
      expect(result.status).toBe('rejected');
      expect(result.rejectedBy).toEqual(['okafor']);
      expect(result.missing).toEqual([]);
    });

    it('is rejected by a plain approver even where only the attribute requirement is unmet', () => {
      expect(evaluate({ signatures: [sig('chen', 'reject')] }).status).toBe('rejected');
    });

    it('lists every rejecting signer', () => {
      expect(evaluate({ signatures: [sig('a', 'reject'), lead('b'), lead('c', 'reject')] }).rejectedBy).toEqual([
        'a',
        'c',
      ]);
    });

    it('is not rejected by someone holding no required role', () => {
      const result = evaluate({ signatures: [sig('dee', 'reject', ['deployer']), lead('rivera'), sig('chen')] });
      expect(result.status).toBe('approved');
      expect(result.ignored).toEqual([{ signerId: 'dee', reason: 'no_required_role' }]);
    });

    it('is not rejected by a service account or the submitter', () => {
      const result = evaluate({
        signatures: [
          sig('ci', 'reject', ['approver'], [], 'service'),
          sig('sam', 'reject'),
          lead('rivera'),
          sig('chen'),
        ],
      });
      expect(result.status).toBe('approved');
      expect(result.rejectedBy).toEqual([]);
    });

    it('rejects even while evidence is missing', () => {
      const result = evaluate({
        rule: withEvidence,
        signatures: [sig('chen', 'reject')],
        evidence: { validationPassedSites: [], requiredSites: ['site-a'], cardMissing: ['details.fundingSource'] },
      });
      expect(result.status).toBe('rejected');
    });
  });

  describe('evidence', () => {
    const signed = [lead('rivera'), sig('chen')];

    it('approves when all required evidence is there', () => {
      expect(evaluate({ rule: withEvidence, signatures: signed }).status).toBe('approved');
    });

    it('stays pending for each site without a passed validation, after the signatures', () => {
      const result = evaluate({
        rule: withEvidence,
        signatures: [lead('rivera')],
        evidence: {
          validationPassedSites: ['site-b', 'site-x'],
          requiredSites: ['site-a', 'site-b', 'site-c'],
          cardMissing: [],
        },
      });
      expect(result.status).toBe('pending');
      expect(result.missing).toEqual([
        '1 more approver signature',
        'a passed validation at site-a',
        'a passed validation at site-c',
      ]);
    });

    it('stays pending with the card gaps listed', () => {
      const result = evaluate({
        rule: withEvidence,
        signatures: signed,
        evidence: { ...fullEvidence, cardMissing: ['details.fundingSource', 'fairness.biasManagement'] },
      });
      expect(result.status).toBe('pending');
      expect(result.missing).toEqual(['card attributes: details.fundingSource, fairness.biasManagement']);
    });

    it('for a request covering any site, needs at least one passed validation', () => {
      const anySite = { validationPassedSites: [], requiredSites: [], cardMissing: [] };
      expect(evaluate({ rule: withEvidence, signatures: signed, evidence: anySite }).missing).toEqual([
        'a passed validation at any site',
      ]);
      expect(
        evaluate({
          rule: withEvidence,
          signatures: signed,
          evidence: { ...anySite, validationPassedSites: ['site-q'] },
        }).status,
      ).toBe('approved');
    });

    it('ignores evidence the rule does not ask for', () => {
      const noEvidence = { validationPassedSites: [], requiredSites: ['site-a'], cardMissing: ['details.developer'] };
      expect(evaluate({ signatures: signed, evidence: noEvidence }).status).toBe('approved');
      expect(
        evaluate({
          rule: { ...rule, evidence: { validationPassedAtEverySite: false, cardComplete: false } },
          signatures: signed,
          evidence: noEvidence,
        }).status,
      ).toBe('approved');
      expect(
        evaluate({ rule: { ...rule, evidence: { cardComplete: true } }, signatures: signed, evidence: noEvidence })
          .missing,
      ).toEqual(['card attributes: details.developer']);
      expect(
        evaluate({
          rule: { ...rule, evidence: { validationPassedAtEverySite: true } },
          signatures: signed,
          evidence: noEvidence,
        }).missing,
      ).toEqual(['a passed validation at site-a']);
    });
  });
});
