import { describe, expect, it } from 'vitest';
import { isUuid } from '../http/validation';
import { PASSWORD_AND_DESCRIPTION_ID, PASSWORD_STRING_ID } from '../storage/migrations/0020-resource-types';
import { newRowId, uuidV5 } from './uuid';

describe('uuidV5', () => {
  it("derives Passbolt's resource type ids from their names", () => {
    expect(uuidV5('resource-types.id.password-string')).toBe(PASSWORD_STRING_ID);
    expect(uuidV5('resource-types.id.password-and-description')).toBe(PASSWORD_AND_DESCRIPTION_ID);
  });
});

describe('newRowId', () => {
  it('makes distinct UUIDs that sort as text in the order they were made', () => {
    const ids = Array.from({ length: 10_000 }, () => newRowId());
    expect(ids.every((id) => isUuid(id) && id[14] === '7')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('starts with the time it was made, in milliseconds', () => {
    const before = Date.now();
    const id = newRowId();
    const made = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
  });
});
