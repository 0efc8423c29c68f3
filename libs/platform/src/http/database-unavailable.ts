const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is not established/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether an error means "PostgreSQL cannot be reached right now" (answered with 503 and Retry-After)
 * rather than a bug. Looks through TypeORM's wrapper at the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const o = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof o.code === 'string' ? o.code : '';
    // SQLSTATE class 08 (connection exception) and 57P0x (server shutting down / not accepting connections).
    if (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[1-4]$/.test(code)) return true;
    if (typeof o.message === 'string' && MESSAGES.some((m) => m.test(o.message as string))) return true;
    e = o.driverError ?? o.cause;
  }
  return false;
}
