// The world a hostile-server scenario runs in: a real Tessera server (in this process, on SQLite) whose public URL is
// a HostileServer in front of it, and desktops that joined through that URL with the real account flow, unlocked
// and synced. Honest until a scenario adds a rule; `proxy.clear()` makes it honest again.
import { createSqliteDatabase, type TestDatabase } from '../../../../server/test-support/databases';
import { startServerInProcess, type InProcessServer } from '../../../../server/test-support/server-process';
import { setupLink } from '../../../../server/services/user-registration.service';
import { DomainError } from '../../../../common/ipc';
import type { HttpClientOptions } from '../../../api/http-client';
import { MemoryKeychain } from '../../../keychain/memory-keychain';
import { PassphrasePolicyService } from '../../passphrase-policy.service';
import { SearchIndex } from '../../search/search.service';
import { createDesktopMachine, type DesktopMachine } from '../../test-support/desktop-machine';
import { startRangeApi, type RangeApi } from '../../test-support/range-api';
import { HostileServer } from './hostile-proxy';

export interface Person {
  name: string;
  username: string;
  machine: DesktopMachine;
  accountId: string;
  userId: string;
  passphrase: string;
}

export interface World {
  proxy: HostileServer;
  server: InProcessServer;
  people: Record<string, Person>;
  /** Registers a user on the real server and joins them on a new desktop (unlocked, synced). */
  join(name: string, role?: 'admin' | 'user'): Promise<Person>;
  close(): Promise<void>;
}

/** Short enough that a test waiting for a timeout stays quick, long enough for a loaded CI machine's honest answers. */
export const TEST_API_OPTIONS: HttpClientOptions = { timeoutMs: 8_000, headersTimeoutMs: 1_500, idleTimeoutMs: 1_500, maxResponseBytes: 4 * 1024 * 1024 };

export async function startWorld(names: readonly string[], apiOptions: HttpClientOptions = TEST_API_OPTIONS): Promise<World> {
  const proxy = await HostileServer.start();
  const database: TestDatabase = await createSqliteDatabase();
  const server = await startServerInProcess({ db: database.url, url: proxy.url });
  proxy.forwardTo(`http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`);
  const rangeApi: RangeApi = await startRangeApi([]);
  const machines: DesktopMachine[] = [];
  const people: Record<string, Person> = {};

  const join = async (name: string, role: 'admin' | 'user' = 'user'): Promise<Person> => {
    const username = `${name}@example.com`;
    const { userId, token } = await server.deps.services.registration.register({
      username, firstName: name[0]!.toUpperCase() + name.slice(1), lastName: 'Test', role,
    });
    const machine = createDesktopMachine({
      checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }),
      createIndex: () => new SearchIndex(),
      keychain: new MemoryKeychain(),
      poolSize: 1,
      apiOptions,
    });
    machines.push(machine);
    const passphrase = `${name} keeps a long and unusual passphrase 2026`;
    const joined = await machine.accounts.join(setupLink(proxy.url, userId, token), passphrase);
    await machine.session.unlock(joined.account.id, passphrase);
    await machine.sync.sync();
    const person = { name, username, machine, accountId: joined.account.id, userId, passphrase };
    people[name] = person;
    return person;
  };

  for (const [i, name] of names.entries()) await join(name, i === 0 ? 'admin' : 'user');
  // Everyone sees everyone (and pins their keys) before a scenario starts lying.
  await Promise.all(Object.values(people).map((p) => p.machine.sync.sync()));

  return {
    proxy, server, people, join,
    async close() {
      await proxy.close();
      for (const m of machines) await m.close().catch(() => undefined);
      await server.stop();
      await database.drop();
      await rangeApi.close();
    },
  };
}

/** The DomainError a promise rejects with (fails the test when it resolves or rejects with something else). */
export async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  const outcome = await promise.then((value: unknown) => ({ value }), (error: unknown) => ({ error }));
  if (!('error' in outcome)) throw new Error(`expected a DomainError, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof DomainError)) throw outcome.error;
  return outcome.error;
}
