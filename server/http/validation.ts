// Validates request bodies with zod and turns failures into Passbolt's field-keyed errors:
// `{"profile":{"first_name":{"_empty":"..."}}}`. Rule names follow CakePHP where one exists.
import { z } from 'zod';
import type { ValidationErrors } from '../../common/api/error';
import { BadRequestError, ValidationError } from './errors';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any RFC 4122-shaped UUID, any version, either case (Passbolt accepts upper-case ids from iOS). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/** A zod UUID with Passbolt's leniency. */
export const zUuid = (message = 'The identifier should be a valid UUID.') =>
  z.string({ error: message }).regex(UUID_RE, { error: message });

/** Throws 400 unless `value` is a UUID; `what` names the identifier in the message ("user"). */
export function requireUuid(value: unknown, what: string): string {
  if (!isUuid(value)) throw new BadRequestError(`The ${what} identifier should be a valid UUID.`);
  return value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function ruleName(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type': return value === undefined ? '_required' : 'type';
    case 'too_small':
      if (issue.origin === 'string') return value === '' ? '_empty' : 'minLength';
      if (issue.origin === 'array') return 'hasAtLeast';
      return 'greaterThanOrEqual';
    case 'too_big':
      if (issue.origin === 'string') return 'maxLength';
      if (issue.origin === 'array') return 'hasAtMost';
      return 'lessThanOrEqual';
    case 'invalid_format': return issue.format === 'regex' ? 'format' : issue.format;
    case 'invalid_value': return 'inList';
    case 'custom': return typeof issue.params?.rule === 'string' ? issue.params.rule : 'custom';
    default: return issue.code;
  }
}

function insert(tree: ValidationErrors, path: readonly PropertyKey[], rule: string, message: string): void {
  let node = tree;
  for (const key of path.map(String)) {
    const next = node[key];
    if (typeof next === 'object') node = next;
    else node = node[key] = {};
  }
  if (node[rule] === undefined) node[rule] = message;
}

export function toValidationErrors(error: z.ZodError, input: unknown): ValidationErrors {
  const tree: ValidationErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) insert(tree, [...issue.path, key], '_unknown', 'This field is not allowed.');
      continue;
    }
    insert(tree, issue.path, ruleName(issue, input), issue.message);
  }
  return tree;
}

/**
 * Parses a request body: anything but a JSON object is a plain 400, a failing object a field-keyed 400.
 * `message` is the header message on validation failure (Passbolt says e.g. "Could not validate user data.").
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, message?: string): z.output<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('The request body should be a JSON object.');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new ValidationError(toValidationErrors(result.error, body), message);
  return result.data;
}
