import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type FieldProblem } from '@vigil/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from './database-unavailable';
import { problemStatus, statusTitle } from './problem-status';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
  errorId?: string;
  [extra: string]: unknown;
}

const PROBLEM_BASE = 'https://vigil.dev/problems/';

/** Codes for errors that come from the framework rather than from our use cases. */
function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 404:
      return 'route_not_found';
    case 405:
      return 'method_not_allowed';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    default:
      return `http_${status}`;
  }
}

/**
 * The one exception filter of an HTTP app: every error leaves as RFC 9457 problem+json. Domain errors keep
 * their code and message; the database being away is a 503 with Retry-After; anything unexpected is a 500
 * whose `errorId` is logged with the whole error.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request);
    if (problem.status === 503) void reply.header('Retry-After', '5');
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="vigil"');
    void reply.status(problem.status).header('Content-Type', 'application/problem+json').send(problem);
  }

  toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    const base = { instance: request.url.split('?')[0] ?? request.url, requestId: String(request.id) };
    if (exception instanceof DomainError) {
      const status = problemStatus(exception.code);
      // Extra members come first so they can never overwrite the standard ones.
      return {
        ...(exception.extra ?? {}),
        type: PROBLEM_BASE + exception.code,
        title: statusTitle(status),
        status,
        detail: exception.message,
        code: exception.code,
        ...base,
        ...(exception.errors ? { errors: exception.errors } : {}),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception, requestId: request.id }, 'database unavailable');
      return {
        type: PROBLEM_BASE + 'database_unavailable',
        title: statusTitle(503),
        status: 503,
        detail: 'The registry cannot reach its database right now; retry in a few seconds.',
        code: 'database_unavailable',
        ...base,
      };
    }
    const status = this.frameworkStatus(exception);
    if (status !== undefined && status < 500) {
      const detail = this.frameworkDetail(exception, status);
      return {
        type: PROBLEM_BASE + codeForStatus(status),
        title: statusTitle(status),
        status,
        detail,
        code: codeForStatus(status),
        ...base,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, requestId: request.id }, 'unexpected error');
    return {
      type: PROBLEM_BASE + 'internal_error',
      title: statusTitle(500),
      status: 500,
      detail: `Something went wrong on the server; report error id ${errorId} to your Vigil operator.`,
      code: 'internal_error',
      errorId,
      ...base,
    };
  }

  private frameworkStatus(exception: unknown): number | undefined {
    if (exception instanceof HttpException) return exception.getStatus();
    // Fastify's own errors (body too large, malformed JSON, bad content type) carry statusCode.
    const s = (exception as { statusCode?: unknown } | null)?.statusCode;
    return typeof s === 'number' ? s : undefined;
  }

  private frameworkDetail(exception: unknown, status: number): string {
    if (status === 404) return 'There is no such route; see /api/docs for the API.';
    if (status === 413) return 'The request body is larger than this server accepts.';
    const message = exception instanceof Error ? exception.message : String(exception);
    if (/JSON/i.test(message)) return `The request body is not valid JSON: ${message}`;
    return message;
  }
}
