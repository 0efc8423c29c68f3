import type { FastifyInstance } from 'fastify';
import { registerSwaggerUi } from '@vigil/platform';

/** Swagger UI for the registry (the page itself now lives in @vigil/platform, shared with the drift monitor). */
export function registerApiDocsUi(fastify: FastifyInstance): void {
  registerSwaggerUi(fastify, 'Vigil registry API');
}
