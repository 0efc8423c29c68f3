import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type DynamicModule,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
  type NestInterceptor,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { DomainError, canonicalJson } from '@vigil/domain';
import type { FastifyReply } from 'fastify';
import { type Observable, from, lastValueFrom } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Where the first answer under a key is kept (the app binds its database repository to this). */
export interface IdempotencyStore {
  /** Claims a key atomically (first writer wins), or returns what the first request left. */
  claim(
    principalId: string,
    key: string,
    requestHash: string,
  ): Promise<{
    claimed: boolean;
    existing?: { requestHash: string; statusCode: number | null; responseBody: unknown };
  }>;
  complete(principalId: string, key: string, statusCode: number, body: unknown): Promise<void>;
  /** Lets a retry run again (the first attempt failed on our side). */
  release(principalId: string, key: string): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * `Idempotency-Key` on a POST: the first response (success or a client error) is stored and replayed to
 * retries of the same request by the same caller, so a CI retry never promotes or signs twice. The same key
 * with a different request is refused; a retry while the first is still running gets 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly problems = new ProblemDetailsFilter();

  constructor(@Inject(IDEMPOTENCY_STORE) private readonly records: IdempotencyStore) {}

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
    // Multipart bodies are streamed, not parsed here: their identity is their type and length. (An app without
    // @fastify/multipart registered has no isMultipart and takes no multipart bodies.)
    const multipart = typeof req.isMultipart === 'function' && req.isMultipart();
    const body = multipart ? { multipart: req.headers['content-length'] ?? null } : (req.body ?? null);
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

/**
 * Binds the store and provides the interceptor everywhere (global), so a controller in any module of the app can
 * use `@Idempotent()`.
 */
@Module({})
export class IdempotencyModule {
  static register(store: Type<IdempotencyStore>): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [{ provide: IDEMPOTENCY_STORE, useExisting: store }, IdempotencyInterceptor],
      exports: [IDEMPOTENCY_STORE, IdempotencyInterceptor],
    };
  }
}
