import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * Serves Swagger UI from the installed swagger-ui-dist (never a CDN: hospital networks are often closed),
 * reading the spec from /api/docs-json. A fixed list of files: no path from the request reaches the disk.
 */
export function registerSwaggerUi(fastify: FastifyInstance, title: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"><link rel="icon" href="/api/docs/assets/favicon-32x32.png"></head>
<body><div id="ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#ui', persistAuthorization: true });</script></body></html>`;
  fastify.get('/api/docs', (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
  fastify.get<{ Params: { file: string } }>('/api/docs/assets/:file', (req, reply) => {
    const type = ASSETS[req.params.file];
    if (!type)
      return reply
        .status(404)
        .type('application/problem+json')
        .send({ status: 404, title: 'Not Found', detail: 'No such documentation asset.' });
    return reply.type(type).send(createReadStream(join(dir, req.params.file)));
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
