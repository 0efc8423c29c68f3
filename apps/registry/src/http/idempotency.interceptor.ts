import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { DomainError, canonicalJson } from '@vigil/domain';
import { IdempotencyRepository } from '@vigil/persistence';
import { type AuthenticatedRequest, ProblemDetailsFilter } from '@vigil/platform';
import type { FastifyReply } from 'fastify';
import { type Observable, from, lastValueFrom } from 'rxjs';

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * `Idempotency-Key` on a POST: the first response (success or a client error) is stored and replayed to
 * retries of the same request by the same caller, so a CI retry never promotes or signs twice. The same key
 * with a different request is refused; a retry while the first is still running gets 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly records: IdempotencyRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.principal) return next.handle();
    return from(this.run(context, next, req, key));
  }

  private async run(
    context: ExecutionContext,
    next: CallHandler,
    req: AuthenticatedRequest,
    key: string,
  ): Promise<unknown> {
    if (!KEY.test(key)) {
      throw new DomainError(
        'validation_failed',
        'Idempotency-Key must be 1–200 letters, digits, ".", "_", ":" or "-".',
        [{ field: 'Idempotency-Key', message: 'invalid' }],
      );
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const principalId = req.principal!.id;
    // Multipart bodies are streamed, not parsed here: their identity is their type and length.
    const body = req.isMultipart() ? { multipart: req.headers['content-length'] ?? null } : (req.body ?? null);
    const hash = createHash('sha256')
      .update(canonicalJson({ url: req.url, body }))
      .digest('hex');
    const claim = await this.records.claim(principalId, key, hash);
    if (!claim.claimed) {
      const first = claim.existing!;
      if (first.requestHash !== hash) {
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        );
      }
      if (first.statusCode === null) {
        throw new DomainError(
          'idempotency_in_progress',
          'The first request with this Idempotency-Key is still being handled; retry in a moment.',
        );
      }
      void reply.status(first.statusCode).header('Idempotent-Replayed', 'true');
      if (first.statusCode >= 400) void reply.header('Content-Type', 'application/problem+json');
      return first.responseBody;
    }
    try {
      const result: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
      await this.records.complete(principalId, key, reply.statusCode, result);
      return result;
    } catch (e) {
      const problem = e instanceof DomainError ? this.problems.toProblem(e, req) : null;
      if (problem && problem.status < 500) await this.records.complete(principalId, key, problem.status, problem);
      else await this.records.release(principalId, key);
      throw e;
    }
  }
}

/**
 * Marks a POST handler as replay-safe under an Idempotency-Key. Applied per handler rather than globally, so
 * read routes pay nothing for it (the route test checks that every POST carries it).
 */
export const Idempotent = () => UseInterceptors(IdempotencyInterceptor);
