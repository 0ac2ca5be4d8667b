// Which folder the app keeps its data in. By default Electron's userData; TESSERA_PROFILE_DIR points it
// elsewhere (the dev setup's .tessera-dev/desktop, or a second profile to try another account). Decided here,
// without Electron; main/index.ts applies it with app.setPath('userData', ...) before `ready`.
import { isAbsolute, resolve } from 'node:path';

export const PROFILE_DIR_ENV = 'TESSERA_PROFILE_DIR';

/** The profile folder the environment asks for, as an absolute path; undefined for Electron's default. */
export function profileDirFromEnv(env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const raw = env[PROFILE_DIR_ENV]?.trim();
  if (!raw) return undefined;
  if (raw.includes('\0')) throw new Error(`${PROFILE_DIR_ENV} is not a valid path.`);
  return isAbsolute(raw) ? resolve(raw) : resolve(cwd, raw);
}
