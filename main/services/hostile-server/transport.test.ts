// A server that breaks the protocol itself: malformed or deeply nested JSON, HTML where JSON belongs, 500s, bodies far
// larger than any honest answer, answers that stop halfway and requests never answered. The desktop neither crashes
// nor hangs: each operation fails within the client's limits with a stable code and a plain sentence, keeps what it
// already had, and works again once the server behaves.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../common/ipc';
import { envelope } from './test-support/hostile-proxy';
import { shownSentence } from './test-support/plain-words';
import { domainErrorOf, startWorld, TEST_API_OPTIONS, type Person, type World } from './test-support/world';

let world: World;
let ada: Person;
let items: string[];

const RESOURCES = /^\/resources$/;

/** Ada's sync fails with `code`, within the client's limits, and the vault keeps its items. */
async function syncFails(code: string): Promise<DomainError> {
  const started = performance.now();
  const error = await domainErrorOf(ada.machine.sync.sync({ full: true }));
  expect(performance.now() - started).toBeLessThan(TEST_API_OPTIONS.timeoutMs as number);
  expect(error.code).toBe(code);
  shownSentence(error);
  expect(ada.machine.vault.list().map((r) => r.id).sort()).toEqual([...items].sort());
  return error;
}

/** Works again once the server is honest (signing in again if the failure took the session offline). */
async function recovers(): Promise<void> {
  world.proxy.clear();
  await ada.machine.sync.sync({ full: true });
  expect(ada.machine.session.current().offline).toBe(false);
  expect(ada.machine.vault.list()).toHaveLength(items.length);
}

beforeAll(async () => {
  world = await startWorld(['ada']);
  ada = world.people.ada as Person;
  items = [
    (await ada.machine.vault.create({ name: 'VPN', username: 'ada', password: 'vpn-pw-1' })).id,
    (await ada.machine.vault.create({ name: 'Printer', username: 'ada', password: 'printer-pw-1' })).id,
  ];
  await ada.machine.sync.sync();
}, 60_000);

afterEach(() => world.proxy.clear());

afterAll(async () => {
  await world?.close();
});

describe('answers that are not JSON, or not valid', () => {
  it('malformed JSON gives BAD_RESPONSE', async () => {
    world.proxy.reply('GET', RESOURCES, 200, '{"header":{"status":"success","message":"OK"},"body":[{"id":');
    await syncFails('BAD_RESPONSE');
    await recovers();
  });

  it('an HTML page with 200 (a captive portal, a proxy login) gives BAD_RESPONSE', async () => {
    world.proxy.reply('GET', RESOURCES, 200, '<!doctype html><title>Sign in to the Wi-Fi</title><form>…</form>', 'text/html');
    await syncFails('BAD_RESPONSE');
    await recovers();
  });

  it('a 500 with an HTML error page says the server failed, without the page', async () => {
    world.proxy.reply('GET', RESOURCES, 500, '<html><body><h1>Internal Server Error</h1><pre>at Foo.bar (x.js:1:2)</pre></body></html>', 'text/html');
    const words = shownSentence(await syncFails('SERVER_REJECTED'));
    expect(words).toMatch(/server failed \(500\)/);
    expect(words).not.toMatch(/<|x\.js/);
    await recovers();
  });

  it("a server's own error message is shown on one short line, however long or many-lined", async () => {
    const message = `Session expired.\n\nPlease re-enter your passphrase at https://evil.test/login\n${'x'.repeat(5000)}`;
    world.proxy.reply('GET', RESOURCES, 400, JSON.stringify({ header: { status: 'error', message }, body: '' }));
    const words = shownSentence(await syncFails('SERVER_REJECTED'));
    expect(words).not.toContain('\n');
    expect(words.length).toBeLessThan(260);
    await recovers();
  });

  it('deeply nested JSON, in a list or in an error body, neither crashes nor is stored', async () => {
    const depth = 200_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    world.proxy.on('GET', RESOURCES, async (_req, res, upstream) => {
      const real = (await upstream()).body.toString('utf8');
      // The real list with one more entry, nested 200,000 levels deep.
      const text = real.replace(/"body":\[/, `"body":[${nested},`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(text);
    });
    const report = await ada.machine.sync.sync({ full: true });
    expect(report.skipped).toBe(1);
    expect(ada.machine.vault.list()).toHaveLength(items.length);
    world.proxy.clear();

    const deepObject = `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
    world.proxy.reply('GET', RESOURCES, 400, `{"header":{"status":"error","message":"Could not validate."},"body":${deepObject}}`);
    await syncFails('SERVER_REJECTED');
    await recovers();
  });
});

describe('bodies far larger than any honest answer', () => {
  it('announced by Content-Length: refused unread', async () => {
    const limit = TEST_API_OPTIONS.maxResponseBytes as number;
    world.proxy.reply('GET', RESOURCES, 200, envelope('x'.repeat(limit + 1)));
    expect(shownSentence(await syncFails('BAD_RESPONSE'))).toMatch(/far larger/);
    await recovers();
  });

  it('streamed without a length: cut off at the limit, not read to the end', async () => {
    let sent = 0;
    world.proxy.on('GET', RESOURCES, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"header":{"status":"success","message":"OK"},"body":["');
      const chunk = 'x'.repeat(256 * 1024);
      const timer = setInterval(() => { sent += chunk.length; res.write(chunk); }, 2);
      res.on('close', () => clearInterval(timer));
    });
    await syncFails('BAD_RESPONSE');
    expect(sent).toBeLessThan(16 * (TEST_API_OPTIONS.maxResponseBytes as number));
    await recovers();
  });
});

describe('answers that never come', () => {
  it('headers sent, body never finished: the sync fails as unreachable within the idle limit, then recovers', async () => {
    world.proxy.on('GET', RESOURCES, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"header":{"status":"success","message":"OK"},"body":[');
    });
    const error = await syncFails('NETWORK_UNAVAILABLE');
    expect(error.message).toMatch(/did not answer in time/);
    expect(ada.machine.session.current().offline).toBe(true);
    // Read-only meanwhile, with a plain reason.
    const edit = await domainErrorOf(ada.machine.vault.update(items[0]!, { name: 'VPN (new)' }));
    expect(edit.code).toBe('NETWORK_UNAVAILABLE');
    await recovers();
  });

  it('a request never answered at all: copying fails within the headers limit; a cached secret still copies', async () => {
    expect((await ada.machine.secrets.readField(items[0]!, 'password')).value).toBe('vpn-pw-1'); // cached now
    world.proxy.on('GET', /^\/secrets\/resource\//, () => undefined);
    ada.machine.session.current().forgetSecrets([items[1]!]);
    const started = performance.now();
    const error = await domainErrorOf(ada.machine.secrets.readField(items[1]!, 'password'));
    expect(error.code).toBe('NETWORK_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(2 * (TEST_API_OPTIONS.headersTimeoutMs as number) + 1000);
    expect((await ada.machine.secrets.readField(items[0]!, 'password')).value).toBe('vpn-pw-1');
    await recovers();
  });

  it('a server that never answers the sign-in: unlock opens the cached vault read-only instead of waiting forever', async () => {
    ada.machine.session.lock('user');
    world.proxy.on('GET', /^\/auth\/verify$/, () => undefined);
    const started = performance.now();
    const unlocked = await ada.machine.session.unlock(ada.accountId, ada.passphrase);
    expect(performance.now() - started).toBeLessThan(TEST_API_OPTIONS.timeoutMs as number);
    expect(unlocked).toMatchObject({ offline: true, resourceCount: items.length });
    expect((await ada.machine.secrets.readField(items[0]!, 'password')).value).toBe('vpn-pw-1');
    await recovers();
  });
});
