// Mail over real SMTP: invitations arrive with a working setup link, user input is escaped in HTML, and a
// mail sent while the SMTP server is down is delivered once it comes up, without failing the request.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { freePort, startSmtpSink, type SmtpSink } from '../test-support/smtp-sink';
import { createAdmin } from '../test-support/users';
import { TestClient } from '../test-support/test-client';

describe.each(dialects)('mail on $name', ({ create }) => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sink: SmtpSink | undefined;
  afterEach(async () => {
    await server?.stop();
    await sink?.close();
    await database?.drop();
    server = undefined; sink = undefined; database = undefined;
  });

  it('sends the invitation with a setup link that works, and escapes names in the HTML part', async () => {
    sink = await startSmtpSink();
    database = await create();
    server = await startServerProcess({ db: database.url, smtp: sink.url });
    const admin = await createAdmin(server);
    const username = `eve-${randomUUID()}@example.com`;
    const res = await admin.post<{ id: string }>('/users.json', {
      username, profile: { first_name: '<script>alert(1)</script>', last_name: 'O"Hara' } });
    expect(res.status).toBe(200);
    const mail = await sink.waitFor((m) => m.to.includes(username));
    const link = new RegExp(`${server.url}/setup/start/${res.body.id}/[0-9a-f-]{36}`).exec(mail.decoded)?.[0];
    expect(link).toBeDefined();
    const html = mail.decoded.slice(mail.decoded.indexOf('Content-Type: text/html'));
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toMatch(/<script>/);
    // The plain-text part shows the name as typed: it is never rendered as HTML.
    expect(mail.decoded.slice(0, mail.decoded.indexOf('Content-Type: text/html'))).toContain('Hello <script>alert(1)</script>,');
    const eve = new TestClient(server.url);
    await eve.completeSetup(link!);
    await eve.login();
    expect((await eve.get('/users/me.json')).status).toBe(200);
  });

  it('answers 200 while SMTP is down and delivers the mail once it is back', async () => {
    const port = await freePort();
    database = await create();
    server = await startServerProcess({ db: database.url, smtp: `smtp://127.0.0.1:${port}` });
    const admin = await createAdmin(server);
    const username = `late-${randomUUID()}@example.com`;
    const res = await admin.post('/users.json', { username, profile: { first_name: 'Late', last_name: 'Mail' } });
    expect(res.status).toBe(200);
    // Let a few attempts fail, then bring the SMTP server up on the same port.
    const failed = Date.now();
    while (!server.output().includes('mail send failed')) {
      if (Date.now() - failed > 20_000) throw new Error('no failed attempt was logged');
      await new Promise((r) => setTimeout(r, 100));
    }
    sink = await startSmtpSink(port);
    const mail = await sink.waitFor((m) => m.to.includes(username), 30_000);
    expect(mail.decoded).toContain('/setup/start/');
    const token = /\/setup\/start\/[0-9a-f-]{36}\/([0-9a-f-]{36})/.exec(mail.decoded)![1]!;
    // The failure was logged, but not the link inside the mail.
    expect(server.output()).toContain('mail send failed');
    expect(server.output()).not.toContain(token);
  });
});
