// The ordered list of migrations. Append only: a migration that has shipped is never edited.
import type { Kysely } from 'kysely';
import * as m0010 from './0010-init';
import * as m0020 from './0020-resource-types';
import * as m0030 from './0030-seed-roles';
import * as m0040 from './0040-recipient-key-ids';
import * as m0050 from './0050-gpgkeys-unique-fingerprint';
import * as m0060 from './0060-resource-listing-indexes';

// Migrations run against whatever schema exists at their point in history, not today's `Database` type,
// which is why Kysely's documentation types them with `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;

export interface Migration { name: string; up(db: MigrationDb): Promise<void> }

export const migrations: readonly Migration[] = [
  { name: '0010-init', up: m0010.up },
  { name: '0020-resource-types', up: m0020.up },
  { name: '0030-seed-roles', up: m0030.up },
  { name: '0040-recipient-key-ids', up: m0040.up },
  { name: '0050-gpgkeys-unique-fingerprint', up: m0050.up },
  { name: '0060-resource-listing-indexes', up: m0060.up },
];
