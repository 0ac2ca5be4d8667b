// Seeds the v4 resource types Passbolt clients look for, under Passbolt's own ids (uuid5 of
// "resource-types.id.<slug>"), so a resource created by any Passbolt client keeps its type here.
import type { MigrationDb as Db } from './index';

const nullableString = (maxLength: number) => ({ anyOf: [{ type: 'string', maxLength }, { type: 'null' }] });

const resourceProperties = {
  name: { type: 'string', maxLength: 255 },
  username: nullableString(255),
  uri: nullableString(1024),
};

export const PASSWORD_STRING_ID = '669f8c64-242a-59fb-92fc-81f660975fd3';
export const PASSWORD_AND_DESCRIPTION_ID = 'a28a04cd-6f53-518a-967c-9963bf9cec51';

/** The JSON schemas clients validate a resource and its decrypted secret against. */
export const seededResourceTypes = [
  {
    id: PASSWORD_STRING_ID,
    slug: 'password-string',
    name: 'Simple password',
    description: 'The original passbolt resource type, where only the password is encrypted.',
    definition: {
      resource: {
        type: 'object', required: ['name'],
        properties: { ...resourceProperties, description: nullableString(10000) },
      },
      secret: { type: 'string', maxLength: 4096 },
    },
  },
  {
    id: PASSWORD_AND_DESCRIPTION_ID,
    slug: 'password-and-description',
    name: 'Password with description',
    description: 'A resource with the password and the description encrypted.',
    definition: {
      resource: { type: 'object', required: ['name'], properties: resourceProperties },
      secret: {
        type: 'object', required: ['password'],
        properties: { password: { type: 'string', maxLength: 4096 }, description: nullableString(10000) },
      },
    },
  },
] as const;

export async function up(db: Db): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  await db.insertInto('resource_types').values(seededResourceTypes.map((t) => ({
    id: t.id, slug: t.slug, name: t.name, description: t.description, definition: JSON.stringify(t.definition),
    created: now, modified: now, deleted: null,
  }))).execute();
}
