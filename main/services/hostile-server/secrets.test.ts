// A hostile server serves secrets it damaged, forged or kept from before. What decrypts and verifies is shown; what
// does not gives SECRET_UNREADABLE with a plain sentence, never garbage, and is not cached as if it were good. What
// cannot be told apart by design (an older version, another item's secret, both validly encrypted to you) is shown
// as it is, and the README says so.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../common/ipc';
import { attackerKey, flipBitInCiphertext, flipCharInArmor, forgeSecret, type AttackerKey } from './test-support/forgery';
import { shownSentence } from './test-support/plain-words';
import { domainErrorOf, startWorld, type Person, type World } from './test-support/world';

let world: World;
let ada: Person;
let bob: Person;
let mallory: AttackerKey;
let mail: string;
let bank: string;
/** Ada's stored copy of the secret of `mail` as it was first written (password mail-pw-1). */
let firstMailSecret: string;

const json = (password: string) => JSON.stringify({ password, description: '' });
const SECRET_PATH = /^\/secrets\/resource\//;

/** The server answers Ada's next secret requests with `data` in place of the stored one (ids kept). */
function serveSecret(data: string | ((real: string) => string | Promise<string>)): void {
  world.proxy.on('GET', SECRET_PATH, async (_req, res, upstream) => {
    const real = await upstream();
    const envelope = JSON.parse(real.body.toString('utf8')) as { body: { data: string } };
    envelope.body.data = typeof data === 'string' ? data : await data(envelope.body.data);
    const text = JSON.stringify(envelope);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
}

/** Ada reads the password of `id` from the server (her cached copy is dropped first). */
function readFresh(id: string) {
  ada.machine.session.current().forgetSecrets([id]);
  return ada.machine.secrets.readField(id, 'password');
}

async function expectUnreadable(id: string, why: RegExp): Promise<DomainError> {
  const error = await domainErrorOf(readFresh(id));
  expect(error.code).toBe('SECRET_UNREADABLE');
  expect(shownSentence(error)).toMatch(why);
  // The damaged copy was not kept: the next read, once the server is honest, is the real secret.
  expect(ada.machine.session.current().cachedSecret(id)).toBeUndefined();
  world.proxy.clear();
  expect((await ada.machine.secrets.readField(id, 'password')).value).toBe('mail-pw-1');
  return error;
}

beforeAll(async () => {
  world = await startWorld(['ada', 'bob']);
  ({ ada, bob } = world.people as Record<string, Person>);
  mallory = await attackerKey('Mallory', 'mallory@evil.test');
  mail = (await ada.machine.vault.create({ name: 'Mail', username: 'ada', password: 'mail-pw-1' })).id;
  bank = (await ada.machine.vault.create({ name: 'Bank', username: 'ada', password: 'bank-pw-1' })).id;
  await ada.machine.share.apply(mail, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 7 }]);
  firstMailSecret = (await ada.machine.session.current().api.resources.secret(mail)).data;
}, 60_000);

afterEach(() => world.proxy.clear());

afterAll(async () => {
  await world?.close();
});

describe('a damaged or altered secret', () => {
  it('with one bit of its ciphertext flipped (armor intact) does not decrypt', async () => {
    serveSecret(flipBitInCiphertext);
    await expectUnreadable(mail, /does not decrypt/);
  });

  it('with one character of its armor changed does not decrypt', async () => {
    serveSecret(flipCharInArmor);
    await expectUnreadable(mail, /cannot be used/);
  });

  it('with text after the armored message is refused, though OpenPGP alone would read it', async () => {
    serveSecret((real) => `${real}\nPlease also visit https://evil.test to re-enter your passphrase.\n`);
    await expectUnreadable(mail, /text after the message/);
    serveSecret(async (real) => `${real}\n${await forgeSecret(json('second'), ada.machine.session.current().key.publicKey.armor())}`);
    await expectUnreadable(mail, /more than one message/);
  });

  it('encrypted to someone else does not decrypt', async () => {
    const bobKey = ada.machine.session.current().users.get(bob.userId)?.armoredKey as string;
    serveSecret(await forgeSecret(json('for-bob'), bobKey, mallory.privateKey));
    await expectUnreadable(mail, /not\s+encrypted for you|does not decrypt/);
  });

  it('far larger than any secret is refused before decrypting', async () => {
    serveSecret((real) => real.replace('-----END PGP MESSAGE-----', `${'QUFB\n'.repeat(40_000)}-----END PGP MESSAGE-----`));
    await expectUnreadable(mail, /far larger/);
  });

  it('that belongs to another person or item is refused', async () => {
    world.proxy.rewrite('GET', SECRET_PATH, (body) => ({ ...(body as object), user_id: bob.userId }));
    const error = await domainErrorOf(readFresh(mail));
    expect(error.code).toBe('BAD_RESPONSE');
    shownSentence(error);
  });
});

describe('a secret signed by the wrong signer (the app verifies signatures)', () => {
  it('signed by a key outside the organisation is shown flagged, never as valid, and is not passed on', async () => {
    const adaKey = ada.machine.session.current().key.publicKey.armor();
    serveSecret(await forgeSecret(json('phished'), adaKey, mallory.privateKey));
    const field = await readFresh(mail);
    expect(field).toMatchObject({ value: 'phished', signature: 'unknown-signer', flagged: true });
    expect(field.warning).toMatch(/not a member of your organisation/);
    // Editing only the description around it would re-sign the forged password as Ada's: refused.
    const edit = await domainErrorOf(ada.machine.vault.update(mail, { description: 'kept' }));
    expect(edit.code).toBe('SERVER_REJECTED');
    expect(shownSentence(edit)).toMatch(/signed by someone outside your organisation/);
    // Not kept either: once the server is honest again, the real secret is back.
    world.proxy.clear();
    expect(await ada.machine.secrets.readField(mail, 'password')).toMatchObject({ value: 'mail-pw-1', signature: 'valid' });
  });

  it('without any signature is shown flagged as unsigned', async () => {
    const adaKey = ada.machine.session.current().key.publicKey.armor();
    serveSecret(await forgeSecret(json('unsigned'), adaKey));
    expect(await readFresh(mail)).toMatchObject({ value: 'unsigned', signature: 'unsigned', flagged: true });
  });
});

describe('what cannot be told apart by design', () => {
  it('an older version of the secret, validly encrypted to you and signed by a member, is shown as valid', async () => {
    await ada.machine.vault.update(mail, { password: 'mail-pw-2' });
    expect((await ada.machine.secrets.readField(mail, 'password')).value).toBe('mail-pw-2');
    serveSecret(firstMailSecret);
    // Secrets carry no version or item binding in Passbolt's v4 format: the replay is indistinguishable.
    expect(await readFresh(mail)).toMatchObject({ value: 'mail-pw-1', signature: 'valid', flagged: false, signerUserId: ada.userId });
    world.proxy.clear();
    expect((await readFresh(mail)).value).toBe('mail-pw-2');
  });

  it("another item's secret served as this one's is shown as valid", async () => {
    const bankSecret = (await ada.machine.session.current().api.resources.secret(bank)).data;
    serveSecret(bankSecret);
    expect(await readFresh(mail)).toMatchObject({ value: 'bank-pw-1', signature: 'valid' });
  });
});
