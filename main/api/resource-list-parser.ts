// A hand-written check for the resource index, the one large answer (10,000 resources, ~10 MB): it tests exactly
// the fields and types resourceSchema does, about 5x faster than the zod schema on big lists. Single resources
// still go through the schema.
import type { ResourceDto } from './schemas';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
const optString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const optUuid = (v: unknown) => v === undefined || v === null || isUuid(v);
const isFlag = (v: unknown) => typeof v === 'boolean' || v === 0 || v === 1;
/**
 * Longest text field kept from a list, in UTF-16 units. Far beyond what Passbolt stores (255 characters for a name), since
 * another server may allow more and the window shows even a 50,000-character name as text; a longer one was made up
 * to bloat the cache and the search index, and is refused rather than kept.
 */
export const MAX_LISTED_FIELD_LENGTH = 65_536;
export const overLimit = (v: unknown) => typeof v === 'string' && v.length > MAX_LISTED_FIELD_LENGTH;

/** A permission of `resourceId` (one naming another resource does not belong in its answer). */
function permission(p: unknown, resourceId: string): ResourceDto['permission'] | undefined {
  if (!isObj(p) || !isUuid(p.id) || typeof p.aco !== 'string' || !isUuid(p.aco_foreign_key) || !isUuid(p.aro_foreign_key)) return undefined;
  if (p.aco_foreign_key.toLowerCase() !== resourceId.toLowerCase()) return undefined;
  if (p.aro !== 'User' && p.aro !== 'Group') return undefined;
  if (p.type !== 1 && p.type !== 7 && p.type !== 15) return undefined;
  return { id: p.id, aco: p.aco, aco_foreign_key: p.aco_foreign_key, aro: p.aro, aro_foreign_key: p.aro_foreign_key, type: p.type };
}

/** The v4 resource in `item`, or undefined when it is not one (v5 encrypted metadata, malformed). */
export function readListedResource(item: unknown): ResourceDto | undefined {
  if (!isObj(item)) return undefined;
  const r = item;
  if (!isUuid(r.id) || !isUuid(r.resource_type_id) || typeof r.name !== 'string') return undefined;
  if (typeof r.created !== 'string' || typeof r.modified !== 'string') return undefined;
  if (!optString(r.username) || !optString(r.uri) || !optString(r.description) || !optString(r.expired)) return undefined;
  if (overLimit(r.name) || overLimit(r.username) || overLimit(r.uri) || overLimit(r.description)) return undefined;
  if (!optUuid(r.created_by) || !optUuid(r.modified_by) || !optUuid(r.folder_parent_id)) return undefined;
  if (r.deleted !== undefined && !isFlag(r.deleted)) return undefined;
  const dto: ResourceDto = {
    id: r.id, resource_type_id: r.resource_type_id, name: r.name,
    username: (r.username as string | null | undefined) ?? null,
    uri: (r.uri as string | null | undefined) ?? null,
    description: (r.description as string | null | undefined) ?? null,
    created: r.created, modified: r.modified,
    created_by: (r.created_by as string | null | undefined) ?? null,
    modified_by: (r.modified_by as string | null | undefined) ?? null,
  };
  if (r.permission !== undefined && r.permission !== null) {
    const own = permission(r.permission, r.id);
    if (!own) return undefined;
    dto.permission = own;
  }
  if (r.permissions !== undefined) {
    if (!Array.isArray(r.permissions)) return undefined;
    const list: NonNullable<ResourceDto['permissions']> = [];
    for (const p of r.permissions) {
      const parsed = permission(p, r.id);
      if (!parsed) return undefined;
      list.push(parsed);
    }
    dto.permissions = list;
  }
  if (r.favorite !== undefined && r.favorite !== null) {
    const f = r.favorite;
    if (!isObj(f) || !isUuid(f.id) || !isUuid(f.foreign_key)) return undefined;
    dto.favorite = { id: f.id, foreign_key: f.foreign_key };
  } else if (r.favorite === null) {
    dto.favorite = null;
  }
  return dto;
}
