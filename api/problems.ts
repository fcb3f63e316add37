import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import './request-context';
import { z } from 'zod';
import { ErrorType, type FieldProblem } from '../domain/errors';

/** gRPC status 14: the server cannot be reached. */
const GRPC_UNAVAILABLE = 14;

const STATUS_BY_TYPE: Record<ErrorType, number> = {
  INVALID_INPUT: 400,
  CASE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  CASE_CLOSING: 503,
  WRONG_STATE: 409,
  ALREADY_ASSIGNED: 409,
  QUEUE_EMPTY: 404,
  CHARGEBACK_OPEN: 409,
  AMOUNT_EXCEEDS_REFUNDABLE: 422,
  CURRENCY_MISMATCH: 422,
  DECISION_INVALID: 422,
  REFUND_REFUSED: 422,
  CREDIT_REFUSED: 422,
  PORT_PROTOCOL_ERROR: 502,
  PROCESSOR_UNAVAILABLE: 503,
  UNAVAILABLE: 503,
  CARD_NUMBER_REFUSED: 422,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  NOTIFICATION_REFUSED: 502,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
};

/** An error the API answers as application/problem+json (RFC 9457) with a stable `code`. */
export class Problem extends Error {
  constructor(
    readonly code: ErrorType,
    detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
  }

  get status(): number {
    return STATUS_BY_TYPE[this.code];
  }
}

export function invalidInput(error: z.ZodError, prefix = ''): Problem {
  const errors = error.issues.flatMap((i) => {
    const at = i.path.join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((key) => ({ field: prefix + (at ? `${at}.${key}` : key), reason: 'is not a known field' }));
    }
    return [{ field: prefix + (at || '(body)'), reason: i.message }];
  });
  return new Problem(ErrorType.INVALID_INPUT, 'The request has invalid fields; see errors.', errors);
}

export function caseNotFound(id: string): Problem {
  return new Problem(ErrorType.CASE_NOT_FOUND, `No dispute ${id}.`);
}

function isErrorType(type: string | undefined | null): type is ErrorType {
  return typeof type === 'string' && Object.hasOwn(STATUS_BY_TYPE, type);
}

function fieldProblems(details: unknown[] | undefined): FieldProblem[] {
  return (details ?? []).filter((d): d is FieldProblem => typeof d === 'object' && d !== null && 'field' in d && 'reason' in d);
}

/** Translates what Temporal and Express throw into a Problem; anything unexpected becomes null (a 500). */
export function toProblem(err: unknown): Problem | null {
  if (err instanceof Problem) return err;
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && isErrorType(err.cause.type)) {
    return new Problem(err.cause.type, err.cause.message, fieldProblems(err.cause.details as unknown[]));
  }
  if (err instanceof WorkflowNotFoundError) return new Problem(ErrorType.CASE_NOT_FOUND, 'No such dispute.');
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new Problem(ErrorType.UNAVAILABLE, 'The case did not answer in time (is the worker running?); retry shortly. A retried report or decision is never applied twice.');
  }
  if (err instanceof ServiceError) return new Problem(ErrorType.UNAVAILABLE, 'The case store (Temporal) is not reachable; try again shortly.');
  // A gRPC failure the SDK passed through unwrapped: Temporal did not answer within the call's deadline, or is down.
  if (isGrpcDeadlineError(err) || (isGrpcServiceError(err) && err.code === GRPC_UNAVAILABLE)) {
    return new Problem(ErrorType.UNAVAILABLE, 'The case store (Temporal) is not reachable; try again shortly.');
  }
  return bodyProblem(err);
}

const refused = (code: ErrorType, detail: string, field: string, reason: string) => new Problem(code, detail, [{ field, reason }]);

/** What the body parsers and the e-mail reader throw (by their `type` or zlib `code`) as a Problem; else null. */
function bodyProblem(err: unknown): Problem | null {
  const e = err as { type?: string; code?: string; field?: string; limit?: unknown; reason?: string } | null;
  switch (e?.type) {
    case 'entity.too.deep':
      return refused(
        ErrorType.INVALID_INPUT,
        `The body is nested too deep (at most ${e.limit} levels).`,
        e.field ?? '(body)',
        `is nested more than ${e.limit} levels deep`,
      );
    case 'mime.limit.exceeded':
      return refused(
        ErrorType.PAYLOAD_TOO_LARGE,
        `The e-mail is more than we read: it ${e.reason}.`,
        '(body)',
        `${e.reason} (${e.limit})`,
      );
    case 'entity.parse.failed':
      return refused(ErrorType.INVALID_INPUT, 'The body is not valid JSON.', '(body)', 'is not valid JSON');
    case 'entity.too.large': {
      const limit = typeof e.limit === 'number' ? `${e.limit} bytes` : 'the limit';
      return refused(ErrorType.PAYLOAD_TOO_LARGE, `The body is larger than this endpoint accepts (${limit}).`, '(body)', `is larger than ${limit}`);
    }
    case 'charset.unsupported':
      return refused(
        ErrorType.UNSUPPORTED_MEDIA_TYPE,
        'The body must be UTF-8.',
        'header:content-type',
        'charset must be utf-8 (or left out)',
      );
    case 'encoding.unsupported':
      return refused(
        ErrorType.UNSUPPORTED_MEDIA_TYPE,
        'The Content-Encoding is not one we read.',
        'header:content-encoding',
        'must be gzip, deflate, br or identity',
      );
  }
  // zlib's codes: the body is not what its Content-Encoding says (body-parser passes them on untyped).
  if (typeof e?.code === 'string' && /^Z_/.test(e.code)) {
    return refused(
      ErrorType.INVALID_INPUT,
      'The body could not be decompressed.',
      'header:content-encoding',
      'does not match the body (not valid compressed data)',
    );
  }
  return null;
}

/** The problem+json body of an answer (RFC 9457), the same for a route's error and the HTTP parser's. */
function problemJson(problem: Problem | null, instance: string | undefined, requestId: string | undefined) {
  const status = problem?.status ?? 500;
  return {
    type: `urn:loop-disputes:problem:${problem?.code ?? 'INTERNAL'}`,
    code: problem?.code ?? 'INTERNAL',
    title: problem ? problem.code.replace(/_/g, ' ').toLowerCase() : 'internal error',
    status,
    detail: problem?.message ?? 'Something went wrong on our side; the error is logged.',
    errors: problem?.errors ?? [],
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** The one place errors become HTTP answers: problem+json, never a stack trace. */
export function problemMiddleware(log: (msg: string, err: unknown) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err);
    const status = problem?.status ?? 500;
    if (!problem) log(`[request ${req.requestId ?? '-'}] unexpected error on ${req.method} ${req.path}`, err);
    if (status === 503) res.set('Retry-After', '5');
    res.status(status).type('application/problem+json').json(problemJson(problem, req.originalUrl, req.requestId));
  };
}

/** What Node's HTTP parser refused (before express runs), as our problem codes. */
const CLIENT_ERRORS: Record<string, { code: ErrorType; field: string; reason: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: ErrorType.HEADERS_TOO_LARGE,
    field: 'headers',
    reason: 'are larger than the server accepts (16 kB in all)',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    code: ErrorType.PAYLOAD_TOO_LARGE,
    field: '(body)',
    reason: 'has chunk extensions larger than the server accepts',
  },
};

/**
 * Answers what Node's HTTP parser refuses (headers over the limit, a malformed request line) as
 * problem+json like every other answer, where Node would write a bare status line. Call it on
 * every listening server of the API (main.ts, and tests that listen).
 */
export function answerClientErrorsAsProblems<S extends Server>(server: S): S {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset connection, or one already answering, has nobody left to read a problem.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERRORS[err.code ?? ''];
    const problem = known
      ? refused(known.code, `The request's ${known.field} ${known.reason}.`, known.field, known.reason)
      : refused(ErrorType.INVALID_INPUT, 'The request is not valid HTTP.', '(request)', 'could not be parsed as HTTP/1.1');
    const requestId = randomUUID();
    const body = JSON.stringify(problemJson(problem, undefined, requestId));
    const head = [
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Bad Request'}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${requestId}`,
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
  return server;
}
