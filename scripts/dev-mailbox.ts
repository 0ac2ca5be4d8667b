// A local SMTP mailbox for the dev setup: the server sends its mail here (`--smtp`), every message is kept in
// memory and, when a folder is given, written there as an .eml file. The demo seeding reads invitation links
// from it, exactly as an invited user would read them from their inbox.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** Envelope recipients, lower-cased. */
  readonly to: readonly string[];
  readonly subject: string;
  /** The message with quoted-printable soft line breaks and escapes undone (enough to read links). */
  readonly text: string;
  /** The .eml file, when the mailbox writes to a folder. */
  readonly file: string | undefined;
}

export interface DevMailbox {
  /** What to give the server as `--smtp`. */
  readonly smtpUrl: string;
  readonly messages: readonly CapturedMail[];
  /** Resolves with the first message (already received or future) that matches. */
  waitFor(match: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Undoes quoted-printable transfer encoding: soft line breaks and =XX escapes (nodemailer wraps long links). */
export function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
    .toString('utf8');
}

const SETUP_LINK = /(https?:\/\/[^\s"<>]+\/setup\/start\/[0-9a-f-]{36}\/[0-9a-f-]{36})/i;

/** The account setup link of an invitation mail, if it carries one. */
export function setupLinkIn(mail: CapturedMail): string | undefined {
  return SETUP_LINK.exec(mail.text)?.[1];
}

function subjectOf(text: string): string {
  return /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
}

export async function startDevMailbox(options: { folder?: string; host?: string } = {}): Promise<DevMailbox> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<(mail: CapturedMail) => void>();
  let counter = 0;
  if (options.folder) mkdirSync(options.folder, { recursive: true });

  const server = new SMTPServer({
    // A local catch-all: no login, no TLS (nothing leaves the machine), one message at most 1 MB.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = decodeQuotedPrintable(raw.toString('latin1'));
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        let file: string | undefined;
        if (options.folder) {
          counter += 1;
          const stamp = new Date().toISOString().replace(/[:.]/g, '-');
          const who = (to[0] ?? 'unknown').replace(/[^a-z0-9@._-]/gi, '_');
          file = join(options.folder, `${stamp}-${String(counter).padStart(3, '0')}-${who}.eml`);
          writeFileSync(file, raw, { mode: 0o600 });
        }
        const mail: CapturedMail = { to, subject: subjectOf(text), text, file };
        messages.push(mail);
        for (const waiter of [...waiters]) waiter(mail);
        callback();
      });
    },
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    smtpUrl: `smtp://${host}:${port}`,
    messages,
    waitFor(match, timeoutMs = 30_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<CapturedMail>((resolve, reject) => {
        const waiter = (mail: CapturedMail) => {
          if (!match(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching mail arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
