import { createHmac } from 'node:crypto';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';
const BODY = '{"type":"vigil.ticket.opened","deliveryId":"d-1"}';
const STAMP = 1_790_000_000;
const AT = new Date(STAMP * 1000);

describe('webhook signatures', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256, as the documented scheme says', () => {
    const expected = createHmac('sha256', SECRET).update(`${STAMP}.${BODY}`).digest('hex');
    expect(signWebhookPayload(SECRET, STAMP, BODY)).toBe(`v1=${expected}`);
  });

  it('accepts the genuine signature, given the timestamp as a header string or a number', () => {
    const header = signWebhookPayload(SECRET, STAMP, BODY);
    expect(verifyWebhookSignature(SECRET, String(STAMP), BODY, header, AT)).toBe(true);
    expect(verifyWebhookSignature(SECRET, STAMP, Buffer.from(BODY), header, AT)).toBe(true);
  });

  it('refuses another secret, a changed body, a changed timestamp', () => {
    const header = signWebhookPayload(SECRET, STAMP, BODY);
    expect(verifyWebhookSignature(`${SECRET}x`, STAMP, BODY, header, AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY.replace('d-1', 'd-2'), header, AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP + 1, BODY, header, AT)).toBe(false);
  });

  it('refuses timestamps older or newer than the tolerance, and accepts them at its edge', () => {
    const header = signWebhookPayload(SECRET, STAMP, BODY);
    const after = (seconds: number) => new Date((STAMP + seconds) * 1000);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, header, after(300))).toBe(true);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, header, after(301))).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, header, after(-301))).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, header, after(3600), 3600)).toBe(true);
  });

  it('refuses missing or malformed headers and timestamps without throwing', () => {
    const header = signWebhookPayload(SECRET, STAMP, BODY);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, undefined, AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, '', AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, header.replace('v1=', 'v0='), AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, header.slice(0, -2), AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, 'v1=not-hex', AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, BODY, header, AT)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '17e8', BODY, header, AT)).toBe(false);
    expect(verifyWebhookSignature('', STAMP, BODY, header, AT)).toBe(false);
  });

  it('accepts a header listing several signatures when one of them matches (secret rotation)', () => {
    const old = signWebhookPayload('old-secret-old-secret-old-secret-old', STAMP, BODY);
    const current = signWebhookPayload(SECRET, STAMP, BODY);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, `${old}, ${current}`, AT)).toBe(true);
    expect(verifyWebhookSignature(SECRET, STAMP, BODY, `${old}`, AT)).toBe(false);
  });
});
