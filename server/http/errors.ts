// The errors a route may throw. One error handler (app.ts) turns each into Passbolt's envelope with its status,
// its message in header.message and its body (field-keyed errors for validation, "" otherwise).
import { API_ERROR_MESSAGES, type ValidationErrors } from '../../common/api/error';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: unknown = '') {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(message = 'The request is invalid.', body: unknown = '') { super(400, message, body); }
}

/** 400 with CakePHP-style errors keyed by field then rule name. */
export class ValidationError extends ApiError {
  constructor(readonly errors: ValidationErrors, message = 'Could not validate the data.') { super(400, message, errors); }
}

export class UnauthenticatedError extends ApiError {
  constructor(message: string = API_ERROR_MESSAGES.unauthenticated) { super(401, message); }
}

export class ForbiddenError extends ApiError {
  constructor(message: string = API_ERROR_MESSAGES.forbidden) { super(403, message); }
}

export class NotFoundError extends ApiError {
  constructor(message: string = API_ERROR_MESSAGES.notFound) { super(404, message); }
}

export class ConflictError extends ApiError {
  constructor(message: string) { super(409, message); }
}

export class TooManyRequestsError extends ApiError {
  constructor(readonly retryAfterSeconds: number, message: string = API_ERROR_MESSAGES.tooManyRequests) {
    super(429, message);
  }
}
