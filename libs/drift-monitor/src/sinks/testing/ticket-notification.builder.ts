import { type TicketNotification } from '../ticket-sink';

type TicketOverrides = Partial<TicketNotification['ticket']>;

/**
 * A deterministic ticket notification for tests: ticket VGL-12, an input-drift incident at site `north`, opened.
 * Override any field; `ticket` fields merge into the default ticket.
 */
export function buildTicketNotification(
  overrides: Partial<Omit<TicketNotification, 'ticket'>> & { ticket?: TicketOverrides } = {},
): TicketNotification {
  const { ticket, ...rest } = overrides;
  return {
    deliveryId: '7d0c6a4e-3f1b-4c8e-9a55-0b6f2d1e9c01',
    kind: 'opened',
    occurredAt: new Date('2026-11-20T08:00:00.000Z'),
    summary: 'Input drift crossed its threshold for 2 windows in a row; ticket opened.',
    ...rest,
    ticket: {
      id: '3b9f1c2e-8d4a-4f6b-a1c7-5e2d9b0a4f13',
      number: 12,
      title: 'sepsis-risk v3 at north: input drift (PSI 0.31 > 0.2)',
      status: 'open',
      severity: 'high',
      owner: 'ml-oncall@hospital.example',
      escalatedTo: null,
      model: 'sepsis-risk',
      version: 3,
      site: 'north',
      signal: 'input_psi',
      openedAt: new Date('2026-11-20T08:00:00.000Z'),
      closedAt: null,
      description: [
        'PSI of the worst input feature against the reference profile.',
        'Threshold 0.2, recovery level 0.1, 2 windows in a row.',
        '',
        'Window 2026-11-19T00:00Z to 2026-11-20T00:00Z: 0.31 (1,204 events); worst features lactate 0.31, age 0.12.',
        'Window 2026-11-18T00:00Z to 2026-11-19T00:00Z: 0.27 (1,188 events); worst features lactate 0.27.',
        'Label coverage 41 %.',
      ].join('\n'),
      links: [
        { label: 'Version 3', url: 'https://vigil.hospital.example/models/sepsis-risk/versions/3' },
        { label: 'Validation report', url: 'https://vigil.hospital.example/validation-runs/42/report' },
        { label: 'Approval', url: 'https://vigil.hospital.example/approvals/9' },
      ],
      externalRef: null,
      ...ticket,
    },
  };
}
