// The server's command line. Keep the flags exactly as they are: other tools (the desktop tests, the
// packaging scripts) depend on them. Every flag has a TESSERA_* environment variable.
// First import on purpose: the server's V8 settings apply before any other module runs (see v8-tuning.ts).
import './v8-tuning';
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { buildDeps } from './composition';
import { runStartupSelfCheck } from './startup-self-check';
import { buildApp } from './http/app';
import { configFromOptions, mailFrom, trimTrailingSlash, type StartOptions } from './config';
import { openDatabase } from './storage/database';
import { migrate } from './storage/migrator';
import { setupLink, UserRegistrationService } from './services/user-registration.service';
import { systemClock } from './util/clock';

const OPERATOR_NOTES = `
Environment variables (a flag wins over its variable):
  TESSERA_DATA_DIR        --data   data folder: server.key (OpenPGP), jwt.key/jwt.pem (RS256), tessera.db
  TESSERA_DATABASE_URL    --db     postgres://user:pass@host/db, or a SQLite file (default DIR/tessera.db)
  TESSERA_HOST            --host   listen address (default 127.0.0.1)
  TESSERA_PORT            --port   listen port (default 8080; 0 picks a free port, printed in the ready line)
  TESSERA_PUBLIC_URL      --url    public base URL: setup links, JWT issuer, login domain check
                                   (default http://HOST:PORT as actually bound; set it whenever clients reach
                                   the server through another name, a proxy or TLS terminator)
  TESSERA_SMTP_URL        --smtp   smtp://host:port or smtps://user:pass@host:port (mail is queued without it)
  TESSERA_MAIL_FROM                sender address (default "Tessera <no-reply@HOST-OF-URL>")
  TESSERA_BODY_LIMIT               largest request body in bytes, larger gets 413 (default 10485760)
  TESSERA_LOG_LEVEL                fatal|error|warn|info|debug (default info); logs never contain
                                   tokens, challenges, keys or secrets
  TESSERA_RATE_LIMITS              per-client-address limits, e.g. "login=60/60,refresh=120/60,setup=30/60,recover=10/60"
                                   (requests/window seconds)
  TESSERA_TRUST_PROXY              1 to take the client address from X-Forwarded-For (behind a load balancer)
  TESSERA_MAIL_POLL_MS             how often queued mail is looked for (default 5000 ms)
  TESSERA_MAIL_RETRY_MS            first retry delay of a failed mail, doubling up to 1 hour (default 30000 ms)

Running several processes behind a load balancer (PostgreSQL only):
  - Shared through the database: used login verify tokens, refresh tokens (and their rotation families),
    rate-limit counters, setup/recover tokens and the mail queue. Any process may answer any request.
  - The key files in --data (server.key, jwt.key, jwt.pem) must be IDENTICAL on every process: copy the folder
    of the first process to the others before starting them. A process that finds no keys generates new ones.
  - Migrations run at start under a PostgreSQL advisory lock, so processes may start together.
  - Every process must be given the same --url.
  - The few queries every request runs (the session check, the secret fetch) are server-side prepared
    statements on each pooled connection. Behind PgBouncer in transaction mode that needs PgBouncer 1.21 or
    later with max_prepared_statements > 0 (session mode needs nothing).
  - Per process only: a cache of already-verified access-token signatures (expiry, user state and session are
    still checked against the database on every request) and the mail queue's polling timer.

Before the ready line, start checks its own OpenPGP work with throwaway keys (a login challenge opened with the
server key, a batch of secrets validated; nothing is written to the database) and stops if it fails.

create-admin prints {url}/setup/start/{userId}/{token}: give it the same --url as the server.
`;

interface CommonOptions { data: string; db?: string; url?: string }
interface CreateAdminOptions extends CommonOptions { username: string; firstName: string; lastName: string }

function dataOption(): Option {
  return new Option('--data <dir>', 'data folder (keys, SQLite database)').env('TESSERA_DATA_DIR').makeOptionMandatory();
}
function dbOption(): Option {
  return new Option('--db <url>', 'database: postgres:// URL or SQLite file (default DIR/tessera.db)').env('TESSERA_DATABASE_URL');
}
function urlOption(): Option {
  return new Option('--url <publicUrl>', 'public base URL of the server').env('TESSERA_PUBLIC_URL');
}

async function start(o: StartOptions): Promise<void> {
  const config = configFromOptions(o);
  const urlGiven = o.url !== undefined;
  const deps = await buildDeps(config);
  const app = await buildApp(deps);
  const checkStarted = performance.now();
  await runStartupSelfCheck(deps);
  app.log.info({ ms: Math.round(performance.now() - checkStarted) }, 'start-up self-check passed');
  deps.mail.start();
  const address = await app.listen({
    host: config.host, port: config.port,
    listenTextResolver: (addr) => `Tessera server ready at ${addr}`,
  });
  // The ready line is part of the CLI's contract (scripts wait for it): print it even when info is filtered out.
  if (['fatal', 'error', 'warn', 'silent'].includes(config.logLevel)) {
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: `Tessera server ready at ${address}` })}\n`);
  }
  if (!urlGiven) {
    config.publicUrl = trimTrailingSlash(address);
    config.mailFrom = mailFrom(config.publicUrl);
  }
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

async function createAdmin(o: CreateAdminOptions): Promise<void> {
  const database = openDatabase(o.db ?? join(o.data, 'tessera.db'));
  try {
    await migrate(database.db, database.dialect);
    const registration = new UserRegistrationService(database.db, systemClock);
    const { userId, token } = await registration.register({
      username: o.username, firstName: o.firstName, lastName: o.lastName, role: 'admin',
    });
    const url = trimTrailingSlash(o.url ?? 'http://127.0.0.1:8080');
    process.stdout.write(`${setupLink(url, userId, token)}\n`);
  } finally {
    await database.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('tessera-server')
    .description('Tessera sync server: a Passbolt-compatible API on SQLite or PostgreSQL')
    .addHelpText('after', OPERATOR_NOTES)
    .showHelpAfterError();
  program.command('start').description('run migrations, create keys at first start, and serve the API')
    .addOption(dataOption()).addOption(dbOption())
    .addOption(new Option('--host <host>', 'listen address').env('TESSERA_HOST').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'listen port (0 = any free port)').env('TESSERA_PORT').default('8080'))
    .addOption(urlOption())
    .addOption(new Option('--smtp <url>', 'SMTP server, smtp://host:port').env('TESSERA_SMTP_URL'))
    .addHelpText('after', OPERATOR_NOTES)
    .action((o: StartOptions) => start(o));
  program.command('create-admin').description('create an administrator and print the setup link')
    .addOption(dataOption()).addOption(dbOption()).addOption(urlOption())
    .addOption(new Option('--username <email>', 'e-mail address of the administrator').makeOptionMandatory())
    .addOption(new Option('--first-name <first>', 'first name').makeOptionMandatory())
    .addOption(new Option('--last-name <last>', 'last name').makeOptionMandatory())
    .action((o: CreateAdminOptions) => createAdmin(o));
  return program;
}

buildProgram().parseAsync(process.argv).catch((error: unknown) => {
  // Only the message: a stack or a config dump could carry a database password.
  process.stderr.write(`tessera-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
