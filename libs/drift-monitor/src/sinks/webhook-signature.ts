/*
 * The webhook signature scheme (docs/ticket-sinks.md): `Vigil-Signature: v1=<hex HMAC-SHA256(secret,
 * "<timestamp>.<raw body>")>` with `Vigil-Timestamp: <unix seconds>`. Signing the timestamp with the body lets a
 * receiver refuse an old request replayed by someone who captured it. Pure: no I/O, no clock of its own.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_SCHEME = 'v1';
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: string, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
}

/** The `Vigil-Signature` header value for a body sent at `timestamp` (unix seconds). */
export function signWebhookPayload(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  return `${WEBHOOK_SIGNATURE_SCHEME}=${hmac(secret, String(timestamp), rawBody).toString('hex')}`;
}

/**
 * Whether a received webhook is genuine and fresh: the signature matches the exact bytes received and the
 * timestamp is within `toleranceSeconds` of `now` (either way, so a clock running ahead does not help a replay).
 *
 * Pass the raw body as received, before any JSON parsing: re-serialising changes bytes and breaks the signature.
 * The header may list several comma-separated `v1=` signatures (e.g. while a secret is being rotated); one
 * matching is enough. Comparison is constant-time.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | null | undefined,
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
  now: Date,
  toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  if (secret.length === 0 || timestamp === null || timestamp === undefined || !signatureHeader) return false;
  const stamp = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(stamp)) return false;
  const ageSeconds = Math.floor(now.getTime() / 1000) - Number(stamp);
  if (!Number.isFinite(ageSeconds) || Math.abs(ageSeconds) > toleranceSeconds) return false;

  const expected = hmac(secret, stamp, rawBody);
  let matched = false;
  for (const part of signatureHeader.split(',')) {
    const [scheme, value] = part.trim().split('=', 2);
    if (scheme !== WEBHOOK_SIGNATURE_SCHEME || value === undefined || !/^[0-9a-fA-F]{64}$/.test(value)) continue;
    // No early exit: every candidate is compared, so timing does not tell which one matched.
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) matched = true;
  }
  return matched;
}
