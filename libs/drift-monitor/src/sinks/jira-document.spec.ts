import {
  adfParagraphs,
  adfPlainText,
  jiraComment,
  jiraIssueDescription,
  jiraIssueSummary,
  jiraLabel,
} from './jira-document';
import { buildTicketNotification } from './testing';

describe('Jira documents (ADF)', () => {
  it('turns plain text into paragraphs at blank lines and line breaks within them, with no empty text nodes', () => {
    expect(adfParagraphs('one\ntwo\n\n\n  \nthree\r\n')).toEqual([
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'one' }, { type: 'hardBreak' }, { type: 'text', text: 'two' }],
      },
      { type: 'paragraph', content: [{ type: 'text', text: 'three' }] },
    ]);
    expect(adfParagraphs('\n \n')).toEqual([]);
  });

  it('describes the ticket with its evidence, owner (when unassigned), links and reference', () => {
    const { ticket } = buildTicketNotification({ ticket: { escalatedTo: 'cmo@hospital.example' } });
    const doc = jiraIssueDescription(ticket, false);
    expect(doc).toMatchObject({ version: 1, type: 'doc' });
    const text = adfPlainText(doc);
    expect(text).toContain('Label coverage 41 %.');
    expect(text).toContain('Owner: ml-oncall@hospital.example.');
    expect(text).toContain('Escalated to: cmo@hospital.example.');
    expect(text).toContain('Vigil ticket VGL-12 (3b9f1c2e-8d4a-4f6b-a1c7-5e2d9b0a4f13).');
    expect(JSON.stringify(doc)).toContain(
      '{"type":"link","attrs":{"href":"https://vigil.hospital.example/approvals/9"}}',
    );
    expect(adfPlainText(jiraIssueDescription(ticket, true))).not.toContain('Owner:');
  });

  it('cuts evidence too long for a Jira description, and says so', () => {
    for (const description of ['w '.repeat(40_000), 'window 0.31\n'.repeat(3_000)]) {
      const { ticket } = buildTicketNotification({ ticket: { description } });
      const document = jiraIssueDescription(ticket, false);
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(32_000);
      expect(JSON.stringify(document).length).toBeGreaterThan(20_000); // cut, not emptied
      expect(adfPlainText(document)).toContain('Cut to fit Jira: the whole evidence is on the Vigil ticket.');
    }
    const short = buildTicketNotification().ticket;
    expect(adfPlainText(jiraIssueDescription(short, false))).not.toContain('Cut to fit');
  });

  it('ends every comment with the delivery marker', () => {
    const n = buildTicketNotification({ deliveryId: 'outbox-77', kind: 'updated', summary: 'Still crossed.' });
    expect(adfPlainText(jiraComment(n))).toBe('Still crossed.\nVigil VGL-12, delivery outbox-77');
  });

  it('keeps summaries and labels within what Jira accepts', () => {
    expect(jiraIssueSummary('  a\n b ')).toBe('a b');
    expect(jiraIssueSummary('y'.repeat(300))).toHaveLength(255);
    expect(jiraLabel('vigil-site-north wing')).toBe('vigil-site-north-wing');
  });
});
