// The queue on both databases with a real SMTP listener: two server processes draining one queue send each
// mail once; a failed send is retried only after its backoff; templates escape what users typed.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { migrate } from '../storage/migrator';
import { dialects, type TestDatabase } from '../test-support/databases';
import { freePort, startSmtpSink, type SmtpSink } from '../test-support/smtp-sink';
import { MailQueue, type MailLogger } from './mail-queue';
import { smtpTransport } from './smtp-transport';
import { escapeHtml, groupMembershipMail, resourceSharedMail } from './templates';

const quiet: MailLogger = { info: () => undefined, warn: () => undefined };

describe.each(dialects)('mail queue on $name', ({ create }) => {
  let target: TestDatabase | undefined;
  let open: OpenDatabase | undefined;
  let sink: SmtpSink | undefined;
  afterEach(async () => { await sink?.close(); await open?.close(); await target?.drop(); sink = undefined; });

  async function setup(): Promise<OpenDatabase> {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    return open;
  }

  it('sends every mail exactly once when two processes drain the same queue', async () => {
    const { db, dialect } = await setup();
    sink = await startSmtpSink();
    const clock = { nowMs: () => Date.now() };
    const options = { dialect, from: () => 'Tessera <no-reply@example.com>', pollMs: 50, retryBaseMs: 1000 };
    const a = new MailQueue(db, clock, smtpTransport(sink.url), quiet, options);
    const b = new MailQueue(db, clock, smtpTransport(sink.url), quiet, options);
    await a.stop(); // no background kicks: the two explicit drains below race each other
    await b.stop();
    for (let i = 0; i < 12; i += 1) {
      await a.enqueue(resourceSharedMail({ to: `r${i}@example.com`, firstName: 'R', sharedBy: 'S', resourceName: `n${i}`, url: 'https://t.example' }));
    }
    const [sentA, sentB] = await Promise.all([a.flush(), b.flush()]);
    expect(sentA + sentB).toBe(12);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}@example.com`).sort());
    const left = await db.selectFrom('mail_queue').select('id').where('sent', 'is', null).execute();
    expect(left).toEqual([]);
  });

  it('retries a failed send only after its backoff, doubling each time', async () => {
    const { db, dialect } = await setup();
    const port = await freePort();
    let now = 1_000_000;
    const queue = new MailQueue(db, { nowMs: () => now }, smtpTransport(`smtp://127.0.0.1:${port}`), quiet,
      { dialect, from: () => 'x@example.com', pollMs: 1000, retryBaseMs: 10_000 });
    await queue.stop();
    await queue.enqueue(groupMembershipMail({ to: 'g@example.com', firstName: 'G', changedBy: 'A', groupName: 'Ops', change: 'added', url: 'https://t.example' }));
    expect(await queue.flush()).toBe(0);
    let row = await db.selectFrom('mail_queue').selectAll().executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.next_attempt).toBe(now + 10_000);
    expect(row.last_error).toBeTruthy();
    now += 5_000;
    expect(await queue.flush()).toBe(0);
    expect((await db.selectFrom('mail_queue').select('attempts').executeTakeFirstOrThrow()).attempts).toBe(1);
    now += 5_000;
    await queue.flush();
    row = await db.selectFrom('mail_queue').selectAll().executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
    expect(row.next_attempt).toBe(now + 20_000);
    sink = await startSmtpSink(port);
    now += 20_000;
    expect(await queue.flush()).toBe(1);
    expect((await db.selectFrom('mail_queue').select('sent').executeTakeFirstOrThrow()).sent).not.toBeNull();
  });
});

describe('mail templates', () => {
  it('escapes user-typed values in HTML and keeps only http(s) links', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&#60;a href&#61;&#34;x&#34; onclick&#61;&#39;y&#39;&#62;&#38;&#96;');
    const mail = resourceSharedMail({ to: 't@example.com', firstName: '<b>T</b>', sharedBy: 'Eve\r\nBcc: x@evil.com',
      resourceName: '"><img src=x onerror=alert(1)>', url: 'javascript:alert(1)' });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.text).not.toContain('javascript:');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    const group = groupMembershipMail({ to: 't@example.com', firstName: 'T', changedBy: 'A', groupName: '<i>Ops</i>', change: 'removed', url: 'https://t.example/' });
    expect(group.html).toContain('&#60;i&#62;Ops&#60;/i&#62;');
    expect(group.html).toContain('<a href="https://t.example/">');
    expect(group.text).toContain('You were removed from the group "<i>Ops</i>".');
  });
});
