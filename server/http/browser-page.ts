// The small HTML pages a browser gets at the links the server mails (an invitation, an account recovery, "Open
// Tessera"). Tessera's client is the desktop app, so a page only says what to do there: open the link in the app
// (a `tessera://` link, common/invitation-link.ts) or paste it into "Join my organisation".
//
// The pages are static for a given URL: nothing is looked up, so a page never tells whether a token is valid or
// whom it belongs to. They carry no script, and their CSP allows nothing but the one inline style sheet below
// (by its hash); every interpolated value is HTML-escaped.
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { buildInvitationAppLink, buildInvitationUrl, buildOpenAppLink, isUuid } from '../../common/invitation-link';
import { escapeHtml } from '../mail/templates';

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5a6473; --bg: #f5f6f8; --card: #fff; --accent: #2357c6;
  --accent-fg: #fff; --line: #d9dde4; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #a3acb9; --bg: #14181f; --card: #1d232c;
  --accent: #6d9bff; --accent-fg: #0d1117; --line: #333b47; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 36rem; margin: 8vh auto; padding: 2rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1rem; margin: 1.5rem 0 0.5rem; }
p, ol { margin: 0 0 0.75rem; }
.muted { color: var(--muted); font-size: 0.9rem; }
.button { display: inline-block; padding: 0.6rem 1.1rem; border-radius: 8px; background: var(--accent); color: var(--accent-fg);
  font-weight: 600; text-decoration: none; }
.button:focus-visible { outline: 3px solid var(--fg); outline-offset: 2px; }
.link { display: block; padding: 0.6rem; border: 1px solid var(--line); border-radius: 8px; font: 0.85rem/1.4 ui-monospace, monospace;
  overflow-wrap: anywhere; user-select: all; }
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/**
 * The pages' CSP: nothing may load or run (no script source but 'none'); only the inline style sheet above, by
 * hash. Forms, frames and <base> are refused as on every API answer.
 */
export const BROWSER_PAGE_CSP = [
  "default-src 'none'", "script-src 'none'", `style-src ${STYLE_HASH}`, "img-src 'none'", "base-uri 'none'",
  "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const GET_THE_APP = `<h2>No Tessera app yet?</h2>
<p>Tessera runs as a desktop app for Windows, macOS and Linux. Ask your Tessera administrator for the installer,
install it, then come back to this page.</p>`;

/** Builds an app link, or null when the configured public URL is not one the app would accept. */
function appLinkOrNull(build: () => string): string | null {
  try {
    return build();
  } catch {
    return null;
  }
}

function openButton(appLink: string | null, label: string): string {
  return appLink === null ? '' : `<p><a class="button" href="${escapeHtml(appLink)}">${escapeHtml(label)}</a></p>`;
}

/** The page at `/setup/start/<userId>/<token>`: ids are UUIDs (the caller checked), the same page for any. */
export function invitationPage(publicUrl: string, userId: string, token: string): string {
  const link = appLinkOrNull(() => buildInvitationUrl(publicUrl, userId, token)) ?? `${publicUrl}/setup/start/${userId}/${token}`;
  const appLink = appLinkOrNull(() => buildInvitationAppLink(publicUrl, userId, token));
  return page('Join your team on Tessera', `<h1>Join your team on Tessera</h1>
<p>You were invited to your team's Tessera password manager. Tessera works in its desktop app, not in the browser.</p>
${openButton(appLink, 'Open the invitation in Tessera')}
<h2>Or paste the link into the app</h2>
<ol>
<li>Open the Tessera app and choose <strong>Join my organisation</strong>.</li>
<li>Paste this invitation link:</li>
</ol>
<p class="link">${escapeHtml(link)}</p>
<p class="muted">The link works once and expires. Do not forward it: whoever uses it first joins as you.</p>
${GET_THE_APP}`);
}

/** The page at `/setup/recover/start/<userId>/<token>`: recovery in Tessera is a sign-in with the recovery kit. */
export function recoverPage(publicUrl: string): string {
  const appLink = appLinkOrNull(() => buildOpenAppLink(publicUrl));
  return page('Recover your Tessera account', `<h1>Recover your Tessera account</h1>
<p>Tessera works in its desktop app, not in the browser. To use your account on this computer again:</p>
<ol>
<li>Open the Tessera app and choose <strong>Sign in with a recovery kit</strong>.</li>
<li>Enter this server address, choose your recovery kit (the key file you saved when you joined) and type your passphrase:</li>
</ol>
<p class="link">${escapeHtml(publicUrl)}</p>
${openButton(appLink, 'Open Tessera')}
<p class="muted">Without your recovery kit or your passphrase nobody, not even an administrator, can decrypt your
passwords: ask your administrator for help.</p>
${GET_THE_APP}`);
}

/** The page at `/`: the "Open Tessera" link in notification mails. */
export function homePage(publicUrl: string): string {
  const appLink = appLinkOrNull(() => buildOpenAppLink(publicUrl));
  return page('Tessera', `<h1>Tessera</h1>
<p>This is your team's Tessera server. Your passwords are in the Tessera desktop app: open it to see what was shared with you.</p>
${openButton(appLink, 'Open Tessera')}
<p>The app's server address for this team:</p>
<p class="link">${escapeHtml(publicUrl)}</p>
${GET_THE_APP}`);
}

/** The page for a mailed link whose ids are not well formed; it repeats nothing from the request. */
export function brokenLinkPage(): string {
  return page('Link not recognised', `<h1>This link is not complete</h1>
<p>The address does not look like a link from a Tessera mail. Open the mail again and use the whole link, or copy
it into the Tessera app.</p>`);
}

/** Sends a page with its own CSP (the API's forbids the style sheet); the other security headers stay. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status)
    .header('content-security-policy', BROWSER_PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** Sends the invitation or recovery page for these path parameters, or the broken-link page (404). */
export function sendSetupPage(reply: FastifyReply, publicUrl: string, kind: 'register' | 'recover',
  userId: unknown, token: unknown): FastifyReply {
  if (typeof userId !== 'string' || typeof token !== 'string' || !isUuid(userId) || !isUuid(token)) {
    return sendPage(reply, 404, brokenLinkPage());
  }
  return sendPage(reply, 200, kind === 'register' ? invitationPage(publicUrl, userId, token) : recoverPage(publicUrl));
}
