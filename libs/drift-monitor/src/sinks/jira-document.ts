/*
 * Atlassian Document Format (ADF), the rich-text JSON that Jira Cloud's REST API v3 takes for descriptions and
 * comments. Only the few nodes a ticket needs: paragraphs with line breaks, a heading, a bullet list of links.
 * Pure functions: the Jira sink and its tests share them.
 */
import { type TicketNotification } from './ticket-sink';

export interface AdfText {
  type: 'text';
  text: string;
  marks?: { type: 'link'; attrs: { href: string } }[];
}
export interface AdfHardBreak {
  type: 'hardBreak';
}
export type AdfInline = AdfText | AdfHardBreak;
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export interface AdfHeading {
  type: 'heading';
  attrs: { level: 1 | 2 | 3 | 4 | 5 | 6 };
  content: AdfText[];
}
export interface AdfBulletList {
  type: 'bulletList';
  content: { type: 'listItem'; content: AdfParagraph[] }[];
}
export type AdfBlock = AdfParagraph | AdfHeading | AdfBulletList;
export interface AdfDocument {
  version: 1;
  type: 'doc';
  content: AdfBlock[];
}

/** Jira refuses an issue summary longer than this. */
export const JIRA_SUMMARY_MAX_LENGTH = 255;

/**
 * Jira stores a description as its document's JSON and refuses one over 32,767 characters. Short lines cost more
 * JSON than text (each becomes a node), so the evidence is cut until the whole document fits, with some margin.
 */
export const JIRA_DESCRIPTION_MAX_JSON_LENGTH = 32_000;

/**
 * Plain text as paragraphs: a blank line starts a new paragraph, a single line break stays a line break.
 * ADF refuses empty text nodes, so blank content yields no paragraph at all.
 */
export function adfParagraphs(text: string): AdfParagraph[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.length > 0),
    )
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const content: AdfInline[] = [];
      lines.forEach((line, index) => {
        if (index > 0) content.push({ type: 'hardBreak' });
        content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    });
}

function paragraph(text: string): AdfParagraph {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

export function ticketReference(ticket: TicketNotification['ticket']): string {
  return `VGL-${ticket.number}`;
}

/** A line every Vigil comment ends with: it names the delivery, so a retried delivery can see it already landed. */
export function deliveryMarker(n: TicketNotification): string {
  return `Vigil ${ticketReference(n.ticket)}, delivery ${n.deliveryId}`;
}

/** The issue description: the ticket's evidence, its owner when Jira has no assignee for it, and its links. */
export function jiraIssueDescription(ticket: TicketNotification['ticket'], ownerAssigned: boolean): AdfDocument {
  let document = describe(ticket, ticket.description, ownerAssigned);
  for (let keep = ticket.description.length; JSON.stringify(document).length > JIRA_DESCRIPTION_MAX_JSON_LENGTH;) {
    keep = Math.floor(keep * 0.75);
    const evidence = `${ticket.description.slice(0, keep)}…\n\n(Cut to fit Jira: the whole evidence is on the Vigil ticket.)`;
    document = describe(ticket, evidence, ownerAssigned);
    if (keep === 0) break;
  }
  return document;
}

function describe(ticket: TicketNotification['ticket'], evidence: string, ownerAssigned: boolean): AdfDocument {
  const content: AdfBlock[] = [...adfParagraphs(evidence)];
  const facts = [
    `Model ${ticket.model} version ${ticket.version} at site ${ticket.site}, signal ${ticket.signal}.`,
    `Severity: ${ticket.severity}.`,
  ];
  if (!ownerAssigned) facts.push(`Owner: ${ticket.owner}.`);
  if (ticket.escalatedTo !== null) facts.push(`Escalated to: ${ticket.escalatedTo}.`);
  content.push(paragraph(facts.join(' ')));
  const links = ticket.links.filter((link) => link.url.length > 0);
  if (links.length > 0) {
    content.push({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Links' }] });
    content.push({
      type: 'bulletList',
      content: links.map((link) => ({
        type: 'listItem',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: link.label || link.url, marks: [{ type: 'link', attrs: { href: link.url } }] },
            ],
          },
        ],
      })),
    });
  }
  content.push(paragraph(`Vigil ticket ${ticketReference(ticket)} (${ticket.id}).`));
  return { version: 1, type: 'doc', content };
}

/** A comment for one later event: its sentence, then the marker line. */
export function jiraComment(n: TicketNotification): AdfDocument {
  const summary = n.summary.trim().length > 0 ? n.summary.trim() : `Ticket ${n.kind}.`;
  return { version: 1, type: 'doc', content: [...adfParagraphs(summary), paragraph(deliveryMarker(n))] };
}

/** Every text in a document, in order (how a comment is searched for its delivery marker). */
export function adfPlainText(node: unknown): string {
  if (node === null || typeof node !== 'object') return '';
  const { text, content } = node as { text?: unknown; content?: unknown };
  const own = typeof text === 'string' ? text : '';
  const children = Array.isArray(content) ? content.map((child) => adfPlainText(child)).join('\n') : '';
  return own + children;
}

/** The issue summary: the ticket's title, cut to Jira's limit. */
export function jiraIssueSummary(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  return line.length > JIRA_SUMMARY_MAX_LENGTH ? `${line.slice(0, JIRA_SUMMARY_MAX_LENGTH - 1)}…` : line;
}

/** A Jira label: no spaces allowed, at most 255 characters. */
export function jiraLabel(value: string): string {
  return value.replace(/\s+/g, '-').slice(0, 255);
}
