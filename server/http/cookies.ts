// The one cookie the API sets and reads: `refresh_token` (Passbolt rotates refresh tokens through Set-Cookie).

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function refreshTokenCookie(token: string, expiresMs: number): string {
  return `refresh_token=${token}; Path=/; Expires=${new Date(expiresMs).toUTCString()}; HttpOnly; Secure; SameSite=Strict`;
}
