// The `tessera://` links the server's browser pages offer, so a click opens the desktop app instead of a browser
// tab. One scheme, two forms:
//
//   tessera://setup/start/<userId>/<token>?server=<encodeURIComponent(base URL)>   an invitation
//   tessera://open?server=<encodeURIComponent(base URL)>                           "open the app for this server"
//
// The invitation form carries the same path as the mailed https link, so the app turns it back into that link
// (`invitationUrl`) and runs it through its usual validated join flow: the app link grants nothing the mailed
// link does not. Parsing is strict (exact shape, UUIDs, an http(s) base URL without credentials,
// query or fragment) because the OS hands the app whatever string a web page chose to put in such a link.
// Pure TypeScript: used by the server, by main and by the renderer.

export const APP_LINK_SCHEME = 'tessera:';

/** Longest app link accepted; the operating system may hand the app anything a page links to. */
const MAX_APP_LINK_LENGTH = 2048;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type AppLink =
  | { kind: 'invitation'; serverUrl: string; userId: string; token: string; invitationUrl: string }
  | { kind: 'open'; serverUrl: string };

export function isUuid(value: string): boolean {
  return UUID.test(value.toLowerCase());
}

/**
 * An http(s) base URL in the form the mails use (no trailing slash, no query, fragment or credentials), or null.
 * A path prefix is allowed (a server behind a reverse proxy under /tessera).
 */
export function normaliseServerUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  return url.toString().replace(/\/+$/, '');
}

function requireServerUrl(serverUrl: string): string {
  const normalised = normaliseServerUrl(serverUrl);
  if (normalised === null) throw new Error('The server address must be an http(s) URL without credentials, query or fragment.');
  return normalised;
}

function requireUuid(value: string, what: string): string {
  if (!isUuid(value)) throw new Error(`The ${what} is not a UUID.`);
  return value;
}

/** The https link mailed to an invited user (as the server builds it). */
export function buildInvitationUrl(serverUrl: string, userId: string, token: string): string {
  return `${requireServerUrl(serverUrl)}/setup/start/${requireUuid(userId, 'user id')}/${requireUuid(token, 'token')}`;
}

/** `tessera://setup/start/<userId>/<token>?server=<base URL>`. Throws on a malformed part. */
export function buildInvitationAppLink(serverUrl: string, userId: string, token: string): string {
  const server = requireServerUrl(serverUrl);
  return `tessera://setup/start/${requireUuid(userId, 'user id')}/${requireUuid(token, 'token')}?server=${encodeURIComponent(server)}`;
}

/** `tessera://open?server=<base URL>`. Throws on a malformed server address. */
export function buildOpenAppLink(serverUrl: string): string {
  return `tessera://open?server=${encodeURIComponent(requireServerUrl(serverUrl))}`;
}

const INVITATION_LINK = /^tessera:\/\/setup\/start\/([^/?#]+)\/([^/?#]+)\/?\?server=([^&#]+)$/i;
const OPEN_LINK = /^tessera:\/\/open\/?\?server=([^&#]+)$/i;

function decodeServer(encoded: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return normaliseServerUrl(decoded);
}

/** Reads a `tessera://` link; null for anything that is not exactly one of the two forms above. */
export function parseAppLink(link: string): AppLink | null {
  if (typeof link !== 'string' || link.length > MAX_APP_LINK_LENGTH) return null;
  const invitation = INVITATION_LINK.exec(link);
  if (invitation) {
    const [, userId, token, encodedServer] = invitation as unknown as [string, string, string, string];
    const serverUrl = decodeServer(encodedServer);
    if (serverUrl === null || !isUuid(userId) || !isUuid(token)) return null;
    // Case kept as given, as the app's parser of the https link keeps it (the server compares tokens exactly).
    return { kind: 'invitation', serverUrl, userId, token, invitationUrl: `${serverUrl}/setup/start/${userId}/${token}` };
  }
  const open = OPEN_LINK.exec(link);
  if (open) {
    const serverUrl = decodeServer(open[1] as string);
    return serverUrl === null ? null : { kind: 'open', serverUrl };
  }
  return null;
}
