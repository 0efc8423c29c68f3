import type { Params } from 'nestjs-pino';

/**
 * JSON logs through pino with the request id on every line. Credentials never reach a log: the
 * Authorization header, cookies and anything called token/secret/password are redacted.
 */
export function loggerOptions(level: string): Params {
  return {
    pinoHttp: {
      level,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
      customProps: (req) => ({ requestId: req.id }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
          '*.token',
          '*.secret',
          '*.password',
          'err.config.headers.Authorization',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  };
}
