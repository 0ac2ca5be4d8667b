// Error bodies in the envelope. Validation errors are keyed by field, then rule name, nested for associations,
// as CakePHP renders them: `{"profile":{"first_name":{"_empty":"..."}}}` or `{"secrets":{"0":{"data":{...}}}}`.

/** A leaf maps rule names to messages; inner nodes map field names (or array indices) to further errors. */
export interface ValidationErrors {
  [field: string]: ValidationErrors | string;
}

/** The HTTP statuses the API answers with, and Passbolt's fixed messages for some of them. */
export const API_ERROR_MESSAGES = {
  unauthenticated: 'Authentication is required to continue',
  forbidden: 'You are not authorized to access that location.',
  notFound: 'The requested resource could not be found.',
  tooManyRequests: 'Too many requests, please try again later.',
  payloadTooLarge: 'The request body is too large.',
  unsupportedMediaType: 'The request content type is not supported, use application/json.',
  internal: 'An internal error occurred.',
} as const;

/** Body of a user delete refused because the user is the only owner/manager of something (dry-run or real). */
export interface DeleteTransferErrorBody {
  errors: {
    resources?: { sole_owner: unknown[] };
    groups?: { sole_manager: unknown[] };
  };
}
