// Builds Passbolt's `{header, body}` envelope. `action` is a UUID v5 of the route, like Passbolt's per-action id.
import { randomUUID } from 'node:crypto';
import { uuidV5 } from '../util/uuid';
import type { ApiEnvelope, ApiPagination, ApiStatus } from '../../common/api/envelope';

const actionIds = new Map<string, string>();
function actionId(action: string): string {
  let id = actionIds.get(action);
  if (!id) {
    id = uuidV5(action);
    actionIds.set(action, id);
  }
  return id;
}

export interface EnvelopeInput {
  status: ApiStatus;
  code: number;
  message: string;
  /** The route pattern (or the path for unknown routes); hashed into header.action. */
  action: string;
  url: string;
  body: unknown;
  nowMs: number;
  pagination?: ApiPagination;
}

export function buildEnvelope(input: EnvelopeInput): ApiEnvelope {
  const header: ApiEnvelope['header'] = {
    id: randomUUID(),
    status: input.status,
    servertime: Math.floor(input.nowMs / 1000),
    action: actionId(input.action),
    message: input.message,
    url: input.url,
    code: input.code,
  };
  if (input.pagination) header.pagination = input.pagination;
  return { header, body: input.body };
}
