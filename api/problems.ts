import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
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
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  NOTIFICATION_REFUSED: 502,
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
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') {
    return new Problem(ErrorType.INVALID_INPUT, 'The body is not valid JSON.', [{ field: '(body)', reason: 'is not valid JSON' }]);
  }
  if (e?.type === 'entity.too.large' || e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new Problem(ErrorType.INVALID_INPUT, 'The body is too large or not UTF-8 JSON.', [{ field: '(body)', reason: e.type }]);
  }
  return null;
}

/** The one place errors become HTTP answers: problem+json, never a stack trace. */
export function problemMiddleware(log: (msg: string, err: unknown) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err);
    const status = problem?.status ?? 500;
    if (!problem) log(`[request ${req.requestId ?? '-'}] unexpected error on ${req.method} ${req.path}`, err);
    if (status === 503) res.set('Retry-After', '5');
    res
      .status(status)
      .type('application/problem+json')
      .json({
        type: `urn:loop-disputes:problem:${problem?.code ?? 'INTERNAL'}`,
        code: problem?.code ?? 'INTERNAL',
        title: problem ? problem.code.replace(/_/g, ' ').toLowerCase() : 'internal error',
        status,
        detail: problem?.message ?? 'Something went wrong on our side; the error is logged.',
        errors: problem?.errors ?? [],
        instance: req.originalUrl,
        ...(req.requestId ? { requestId: req.requestId } : {}),
      });
  };
}
