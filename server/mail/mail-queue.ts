// Outgoing mail goes through a table (mail_queue): a request only inserts a row, so a failed or slow SMTP
// server never fails the request. Every server process drains the queue; a row is claimed with a conditional
// update before sending, so two processes never send the same mail. Failures are retried with backoff.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage/database';
import { insertMany } from '../storage/insert-many';
import type { Database } from '../storage/schema';
import { nowIso, type Clock } from '../util/clock';

export interface OutgoingMail {
  to: string;
  subject: string;
  /** Template name, for the logs and the queue table. */
  template: string;
  text: string;
  html: string;
}

/** What actually sends (nodemailer's SMTP transport in production). */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string; html: string }): Promise<void>;
}

export interface MailLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MailQueueOptions {
  /** The database's dialect: bulk queueing takes a faster path on PostgreSQL. */
  dialect: Dialect;
  from: () => string;
  pollMs: number;
  /** First retry delay; doubles per attempt up to one hour. */
  retryBaseMs: number;
  /** How long a claimed row is reserved for the process sending it. */
  leaseMs?: number;
  batchSize?: number;
}

const MAX_BACKOFF_MS = 3_600_000;

export class MailQueue {
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly transport: MailTransport | null,
    private log: MailLogger,
    private readonly options: MailQueueOptions,
  ) {}

  /** Queues a mail and tries to send it soon, in the background. Never throws for SMTP problems. */
  async enqueue(mail: OutgoingMail): Promise<void> {
    await this.db.insertInto('mail_queue').values({
      id: randomUUID(), recipient: mail.to.slice(0, 255), subject: mail.subject.slice(0, 255), template: mail.template.slice(0, 64),
      body_text: mail.text, body_html: mail.html, attempts: 0, next_attempt: this.clock.nowMs(), last_error: null, sent: null,
      created: nowIso(this.clock),
    }).execute();
    this.kick();
  }

  /** Queues many mails with a few multi-row inserts (a share with a 1,000-member group sends 1,000). */
  async enqueueMany(mails: readonly OutgoingMail[]): Promise<void> {
    const now = nowIso(this.clock);
    const rows = mails.map((mail) => ({
      id: randomUUID(), recipient: mail.to.slice(0, 255), subject: mail.subject.slice(0, 255), template: mail.template.slice(0, 64),
      body_text: mail.text, body_html: mail.html, attempts: 0, next_attempt: this.clock.nowMs(), last_error: null, sent: null, created: now,
    }));
    await insertMany(this.db, this.options.dialect, 'mail_queue', rows, { attempts: 'int4', next_attempt: 'int8' });
    if (rows.length > 0) this.kick();
  }

  /** Sends the queue's log lines to the server's logger once it exists. */
  useLogger(log: MailLogger): void {
    this.log = log;
  }

  /** Starts the periodic drain (the CLI does; tests of other parts need not). */
  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.timer = setTimeout(() => { void this.flush().finally(() => { if (!this.stopped) tick(); }); }, this.options.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flushing?.catch(() => 0);
  }

  private kick(): void {
    if (this.stopped || !this.transport) return;
    setImmediate(() => { void this.flush(); });
  }

  /** Sends what is due; returns how many were sent. Concurrent calls share one run. */
  flush(): Promise<number> {
    if (!this.transport) return Promise.resolve(0);
    this.flushing ??= this.drain().catch((error: unknown) => {
      this.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'mail queue drain failed');
      return 0;
    }).finally(() => { this.flushing = null; });
    return this.flushing;
  }

  private async drain(): Promise<number> {
    const now = this.clock.nowMs();
    const due = await this.db.selectFrom('mail_queue').selectAll().where('sent', 'is', null).where('next_attempt', '<=', now)
      .orderBy('next_attempt').limit(this.options.batchSize ?? 20).execute();
    let sent = 0;
    for (const row of due) {
      const claim = await this.db.updateTable('mail_queue').set({ next_attempt: now + (this.options.leaseMs ?? 60_000) })
        .where('id', '=', row.id).where('next_attempt', '=', row.next_attempt).where('sent', 'is', null).executeTakeFirst();
      if (claim.numUpdatedRows !== 1n) continue;
      try {
        await this.transport!.send({ from: this.options.from(), to: row.recipient, subject: row.subject, text: row.body_text, html: row.body_html });
        await this.db.updateTable('mail_queue').set({ sent: nowIso(this.clock), attempts: row.attempts + 1, last_error: null })
          .where('id', '=', row.id).execute();
        this.log.info({ mailId: row.id, template: row.template }, 'mail sent');
        sent += 1;
      } catch (error) {
        const attempts = row.attempts + 1;
        const delay = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        // Only the transport's message: mail bodies carry setup links, which are credentials.
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await this.db.updateTable('mail_queue').set({ attempts, next_attempt: this.clock.nowMs() + delay, last_error: message })
          .where('id', '=', row.id).execute();
        this.log.warn({ mailId: row.id, template: row.template, attempts, retryInMs: delay, error: message }, 'mail send failed');
      }
    }
    return sent;
  }
}
