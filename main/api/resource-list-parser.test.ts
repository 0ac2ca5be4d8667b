// The fast resource-index check must accept and reject exactly what the zod schema does, on the fields it reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readListedResource } from './resource-list-parser';
import { resourceSchema } from './schemas';

const uuid = fc.uuid();
/** A permission of the resource `resourceId` (the only ones its answer may carry). */
const permissionOf = (resourceId: string) => fc.record({
  id: uuid, aco: fc.constant('Resource'), aco_foreign_key: fc.constant(resourceId), aro: fc.constantFrom('User', 'Group'),
  aro_foreign_key: uuid, type: fc.constantFrom(1, 7, 15),
});
const resource = uuid.chain((id) => fc.record({
  id: fc.constant(id), resource_type_id: uuid, name: fc.string(), username: fc.option(fc.string()), uri: fc.option(fc.string()),
  description: fc.option(fc.string()), created: fc.constant('2026-11-22T02:31:53+00:00'), modified: fc.constant('2026-11-22T02:31:53+00:00'),
  created_by: uuid, modified_by: uuid, deleted: fc.boolean(), permission: permissionOf(id), permissions: fc.array(permissionOf(id), { maxLength: 3 }),
  favorite: fc.option(fc.record({ id: uuid, foreign_key: uuid })),
}));
/** Breaks one field of a valid resource in a way a hostile server might. */
const corruption = fc.constantFrom(
  (r: Record<string, unknown>) => ({ ...r, id: 'not-a-uuid' }),
  (r: Record<string, unknown>) => ({ ...r, name: 42 }),
  (r: Record<string, unknown>) => { const { name: _n, ...rest } = r; return { ...rest, metadata: '-----BEGIN PGP MESSAGE-----' }; },
  (r: Record<string, unknown>) => ({ ...r, permission: { ...(r.permission as object), type: 3 } }),
  (r: Record<string, unknown>) => ({ ...r, permissions: [{ aro: 'Role' }] }),
  (r: Record<string, unknown>) => ({ ...r, username: ['x'] }),
  (r: Record<string, unknown>) => ({ ...r, modified: null }),
  (r: Record<string, unknown>) => ({ ...r, favorite: { id: 'x' } }),
  (r: Record<string, unknown>) => ({ ...r, deleted: 'yes' }),
  (r: Record<string, unknown>) => ({ ...r, permission: { ...(r.permission as object), aco_foreign_key: '0b7c2f64-9a4e-4d1e-8f3a-5c6d7e8f9a0b' } }),
  (r: Record<string, unknown>) => ({ ...r, name: 'x'.repeat(100_000) }),
  (r: Record<string, unknown>) => ({ ...r, uri: `https://${'a'.repeat(100_000)}` }),
);

describe('readListedResource', () => {
  it('accepts what resourceSchema accepts, with the same values', () => {
    fc.assert(fc.property(resource, (r) => {
      const fast = readListedResource(r);
      const zod = resourceSchema.parse(r);
      expect(fast?.id).toBe(zod.id);
      expect(fast?.name).toBe(zod.name);
      expect(fast?.permission?.type).toBe(zod.permission?.type);
      expect(fast?.permissions?.map((p) => p.id)).toEqual(zod.permissions?.map((p) => p.id));
      expect(fast?.favorite?.id ?? null).toBe(zod.favorite?.id ?? null);
      expect(fast?.username ?? null).toBe(zod.username ?? null);
    }));
  });

  it('rejects what resourceSchema rejects', () => {
    fc.assert(fc.property(resource, corruption, (r, corrupt) => {
      const bad = corrupt(r as Record<string, unknown>);
      expect(resourceSchema.safeParse(bad).success).toBe(false);
      expect(readListedResource(bad)).toBeUndefined();
    }));
    expect(readListedResource(null)).toBeUndefined();
    expect(readListedResource([])).toBeUndefined();
  });
});
