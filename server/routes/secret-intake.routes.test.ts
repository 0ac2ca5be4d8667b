// Every way a secret enters the server refuses the same hostile forms, on both databases: resource create and
// update, share, and adding a group member. Each form gets a 400 in Passbolt's envelope, the error keyed by
// the secret's index and the rule that failed, and nothing is stored; the well-formed secret is then accepted.
import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import type { Kysely } from 'kysely';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { decryptWith, encryptFor, login, seedGroup, seedUser, type ApiAnswer, type JsonClient, type SeededUser } from '../../bench/server/fixtures';
import type { Database } from '../storage/schema';
import { decodeMessageArmor } from '../crypto/message-armor';
import { readPacketFrames } from '../crypto/openpgp-packets';

type Rule = 'isValidOpenPGPMessage' | 'hasOneRecipient' | 'isEncryptedForUser';
interface Hostile { label: string; data: string; rule: Rule }

/** A new-format packet with a one- or two-octet length. */
function packet(tag: number, body: Uint8Array): Buffer {
  const n = body.length;
  const length = n < 192 ? [n] : [((n - 192) >> 8) + 192, (n - 192) & 0xff];
  return Buffer.concat([Buffer.from([0xc0 | tag, ...length]), body]);
}

/** The hostile forms of a secret meant for `to`, built around a real message to them. */
async function hostileFormsFor(to: SeededUser, stranger: SeededUser): Promise<Hostile[]> {
  const good = await encryptFor(to.publicKey, 'pw');
  const decoded = decodeMessageArmor(good);
  if (!decoded.ok) throw new Error(decoded.fault);
  const pkeskBody = readPacketFrames(decoded.bytes)![0]!.head;
  const literal = await openpgp.createMessage({ text: 'hunter2' });
  const literalBytes = literal.write() as Uint8Array;
  const armor = (bytes: Uint8Array) => openpgp.armor(openpgp.enums.armor.message, bytes);
  return [
    { label: 'cleartext after the END line', data: `${good}\nThe password is hunter2\n`, rule: 'isValidOpenPGPMessage' },
    { label: 'a second armored message', data: `${good}${await encryptFor(to.publicKey, 'other')}`, rule: 'isValidOpenPGPMessage' },
    { label: 'text before the BEGIN line', data: `hunter2\n${good}`, rule: 'isValidOpenPGPMessage' },
    { label: 'two session keys', data: await encryptFor([to.publicKey, stranger.publicKey], 'pw'), rule: 'hasOneRecipient' },
    { label: 'a session key to another key', data: await encryptFor(stranger.publicKey, 'pw'), rule: 'isEncryptedForUser' },
    { label: 'a literal data packet', data: literal.armor(), rule: 'isValidOpenPGPMessage' },
    { label: 'compressed data only', data: armor(packet(8, Buffer.concat([Buffer.from([1]), deflateRawSync(literalBytes)]))), rule: 'isValidOpenPGPMessage' },
    { label: 'a literal packet after the encrypted data', data: armor(Buffer.concat([decoded.bytes, literalBytes])), rule: 'isValidOpenPGPMessage' },
    { label: 'unprotected (SED) encrypted data', data: armor(Buffer.concat([packet(1, pkeskBody), packet(9, Buffer.alloc(64, 1))])), rule: 'isValidOpenPGPMessage' },
    { label: 'garbage inside armor', data: '-----BEGIN PGP MESSAGE-----\n\ngarbage\n-----END PGP MESSAGE-----', rule: 'isValidOpenPGPMessage' },
    { label: 'garbage', data: 'hunter2', rule: 'isValidOpenPGPMessage' },
  ];
}

function expectRefused(res: ApiAnswer, index: number, hostile: Hostile): void {
  expect(res.status, `${hostile.label}: ${JSON.stringify(res.raw).slice(0, 300)}`).toBe(400);
  expect(res.header).toMatchObject({ status: 'error', code: 400 });
  const errors = (res.body as { secrets?: Record<string, { data?: Record<string, string> }> }).secrets;
  const rules = errors?.[String(index)]?.data ?? {};
  expect(Object.keys(rules), hostile.label).toEqual([hostile.rule]);
  expect(rules[hostile.rule], hostile.label).toMatch(/^The .{10,}\.$/);
}

describe.each(dialects)('secret intake on every endpoint on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let db: Kysely<Database>;
  let owner: SeededUser; let reader: SeededUser; let newbie: SeededUser; let stranger: SeededUser;
  let asOwner: JsonClient;

  const count = async (t: 'secrets' | 'resources' | 'permissions' | 'groups_users') =>
    Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ secrets: await count('secrets'), resources: await count('resources'),
    permissions: await count('permissions'), members: await count('groups_users') });

  async function newResource(): Promise<string> {
    const res = await asOwner.post<{ id: string }>('/resources.json', { name: `r-${randomUUID().slice(0, 6)}`,
      secrets: [{ data: await encryptFor(owner.publicKey, 'pw', owner.privateKey) }] });
    expect(res.status, JSON.stringify(res.raw)).toBe(200);
    return res.body.id;
  }

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    db = server.deps.db;
    [owner, reader, newbie, stranger] = [await seedUser(db, { role: 'admin' }), await seedUser(db), await seedUser(db), await seedUser(db)];
    asOwner = await login(server.url, owner);
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  it('resource create', async () => {
    const before = await counts();
    for (const hostile of await hostileFormsFor(owner, stranger)) {
      expectRefused(await asOwner.post('/resources.json', { name: 'refused', secrets: [{ data: hostile.data }] }), 0, hostile);
    }
    expect(await counts()).toEqual(before);
    await newResource();
  });

  it('resource update', async () => {
    const rid = await newResource();
    const before = await counts();
    const original = await asOwner.get<{ data: string }>(`/secrets/resource/${rid}.json`);
    for (const hostile of await hostileFormsFor(owner, stranger)) {
      expectRefused(await asOwner.put(`/resources/${rid}.json`, { name: 'renamed', secrets: [{ user_id: owner.id, data: hostile.data }] }), 0, hostile);
    }
    expect(await counts()).toEqual(before);
    expect((await asOwner.get<{ data: string }>(`/secrets/resource/${rid}.json`)).body.data).toBe(original.body.data);
    const ok = await asOwner.put(`/resources/${rid}.json`, { secrets: [{ user_id: owner.id, data: await encryptFor(owner.publicKey, 'new') }] });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
  });

  it('share', async () => {
    const rid = await newResource();
    const before = await counts();
    const permissions = [{ aro: 'User', aro_foreign_key: reader.id, aco: 'Resource', aco_foreign_key: rid, type: 1 }];
    for (const hostile of await hostileFormsFor(reader, stranger)) {
      expectRefused(await asOwner.put(`/share/resource/${rid}.json`, { permissions, secrets: [{ user_id: reader.id, data: hostile.data }] }), 0, hostile);
    }
    expect(await counts()).toEqual(before);
    const ok = await asOwner.put(`/share/resource/${rid}.json`, { permissions,
      secrets: [{ user_id: reader.id, data: await encryptFor(reader.publicKey, 'pw', owner.privateKey) }] });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
  });

  it('group member add', async () => {
    const gid = await seedGroup(db, `g-${randomUUID().slice(0, 6)}`, [owner.id]);
    const rid = await newResource();
    await db.insertInto('permissions').values({ id: randomUUID(), aco: 'Resource', aco_foreign_key: rid, aro: 'Group', aro_foreign_key: gid,
      type: 1, created: 'x', modified: 'x' }).execute();
    const before = await counts();
    const add = { groups_users: [{ user_id: newbie.id, is_admin: false }] };
    for (const hostile of await hostileFormsFor(newbie, stranger)) {
      expectRefused(await asOwner.put(`/groups/${gid}.json`, { ...add, secrets: [{ resource_id: rid, user_id: newbie.id, data: hostile.data }] }), 0, hostile);
    }
    expect(await counts()).toEqual(before);
    const ok = await asOwner.put(`/groups/${gid}.json`, { ...add,
      secrets: [{ resource_id: rid, user_id: newbie.id, data: await encryptFor(newbie.publicKey, 'pw', owner.privateKey) }] });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
    const asNewbie = await login(server.url, newbie);
    expect(await decryptWith(newbie.privateKey, (await asNewbie.get<{ data: string }>(`/secrets/resource/${rid}.json`)).body.data)).toBe('pw');
  });
});
