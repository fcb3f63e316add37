import express, { type RequestHandler } from 'express';
import { ErrorType } from '../domain/errors';
import { Problem } from './problems';

/**
 * How deeply any JSON body may nest. Our deepest real bodies (a processor's webhook, a codec page)
 * stay under ten; the limit is far above that and far below where a recursive walk (a card-number
 * scan, a validator, JSON.stringify) runs out of stack.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The body's top-level field under which `path` lies (`(body)` when the body itself is the array). */
function fieldOf(path: (string | number)[]): string {
  const first = path[0];
  return typeof first === 'string' && first !== '' ? first : '(body)';
}

function keyText(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.subarray(start, end).toString('utf8');
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * The top-level field holding the first container nested deeper than `limit` in JSON text, or
 * null. One pass over the bytes, no recursion, so it runs before anything that could recurse.
 * Only the structure is read: invalid JSON is left for the parser to refuse.
 */
export function tooDeepField(bytes: Buffer, limit = MAX_JSON_DEPTH): string | null {
  const path: (string | number)[] = [];
  const open: number[] = [];
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let stringIsKey = false;
  let expectKey = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) {
        inString = false;
        if (stringIsKey) path[path.length - 1] = keyText(bytes, stringStart, i);
      }
      continue;
    }
    switch (c) {
      case QUOTE:
        inString = true;
        stringStart = i + 1;
        stringIsKey = expectKey && open.at(-1) === OPEN_OBJECT;
        expectKey = false;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (open.length >= limit) return fieldOf(path);
        open.push(c);
        path.push(c === OPEN_ARRAY ? 0 : '');
        expectKey = c === OPEN_OBJECT;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        open.pop();
        path.pop();
        expectKey = false;
        break;
      case COMMA:
        if (open.at(-1) === OPEN_ARRAY) path[path.length - 1] = (path.at(-1) as number) + 1;
        else expectKey = true;
        break;
      case COLON:
        expectKey = false;
        break;
    }
  }
  return null;
}

/** What body-parser's `verify` throws for a body nested too deep; problems.ts maps its `type`. */
export class NestedTooDeep extends Error {
  readonly type = 'entity.too.deep';
  readonly limit = MAX_JSON_DEPTH;
  constructor(readonly field: string) {
    super(`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

/** Refuses (in body-parser's `verify`, before parsing) a body nested deeper than MAX_JSON_DEPTH. */
export function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  const field = tooDeepField(body);
  if (field !== null) throw new NestedTooDeep(field);
}

const UTF8 = /^utf-?8$/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * 415 for a JSON body declared in another charset than UTF-8 (RFC 8259 allows only UTF-8 between
 * systems; body-parser would decode UTF-16 and UTF-32 as if they were what the caller meant).
 */
export function refuseNonUtf8(types: string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.is(types)) return next();
    const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1];
    if (charset === undefined || UTF8.test(charset)) return next();
    const reason = 'charset must be utf-8 (or left out)';
    next(new Problem(ErrorType.UNSUPPORTED_MEDIA_TYPE, 'JSON must be UTF-8 (RFC 8259).', [{ field: 'header:content-type', reason }]));
  };
}

export const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * 415 for a body sent to a JSON endpoint under another Content-Type (say text/plain): the JSON
 * parser leaves such a body unread, and the handler would refuse an "undefined" body as if it
 * were the caller's JSON that was wrong. A request without a body passes.
 */
export function requireJsonBody(types: string[] = JSON_TYPES): RequestHandler {
  return (req, _res, next) => {
    // req.is answers null without a body, false for a body of another type.
    if (req.is(types) !== false) return next();
    const reason = 'must be application/json';
    next(new Problem(ErrorType.UNSUPPORTED_MEDIA_TYPE, 'This endpoint reads JSON; send it as application/json.', [{ field: 'header:content-type', reason }]));
  };
}

/**
 * The one JSON body parser of every route: UTF-8 only, nested at most MAX_JSON_DEPTH, at most
 * `limit`. Use it wherever a route reads JSON, so no handler ever sees a body that could blow the stack.
 */
export function jsonBody({ limit, type = JSON_TYPES }: { limit: string; type?: string[] }): RequestHandler {
  const charset = refuseNonUtf8(type);
  const parse = express.json({ limit, type, verify: refuseDeepJson });
  return (req, res, next) => charset(req, res, (err?: unknown) => (err ? next(err) : parse(req, res, next)));
}
