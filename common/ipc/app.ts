// The `app` domain: facts about the running application that the first screen needs.
import { z } from 'zod';
import { defineMethods } from './define';

/** Node's `process.platform` values, listed here because common/ cannot see Node's types. */
export const platforms = ['aix', 'android', 'cygwin', 'darwin', 'freebsd', 'haiku', 'linux', 'netbsd', 'openbsd', 'sunos', 'win32'] as const;

export const appInfoSchema = z.object({
  /** The desktop app's version, as packaged. */
  version: z.string().min(1).max(64),
  platform: z.enum(platforms),
  /** Whether the vault is locked (no decrypted key material in main). */
  locked: z.boolean(),
});

export type AppInfo = z.infer<typeof appInfoSchema>;

export const appMethods = defineMethods('app', {
  'app.info': { req: z.undefined(), res: appInfoSchema },
});
