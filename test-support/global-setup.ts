// Starts the real services the tests need when the caller has not provided them:
// a throwaway PostgreSQL cluster and a private D-Bus session with an unlocked gnome-keyring.
// Environment set here is inherited by the test workers.
import { startPostgres, type PostgresHandle } from './postgres';
import { startKeyring, type KeyringHandle } from './keyring';

let pg: PostgresHandle | undefined;
let keyring: KeyringHandle | undefined;

export async function setup(): Promise<void> {
  if (!process.env.TESSERA_TEST_PG_URL) {
    pg = await startPostgres();
    process.env.TESSERA_TEST_PG_URL = pg.url;
  }
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    keyring = await startKeyring();
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
  }
}

export async function teardown(): Promise<void> {
  await keyring?.stop();
  await pg?.stop();
}
