import { describe, expect, it } from 'vitest';
import { PROFILE_DIR_ENV, profileDirFromEnv } from './profile-dir';

describe('profile folder from the environment', () => {
  it('keeps Electron\'s default when the variable is unset or blank', () => {
    expect(profileDirFromEnv({}, '/work')).toBeUndefined();
    expect(profileDirFromEnv({ [PROFILE_DIR_ENV]: '   ' }, '/work')).toBeUndefined();
  });

  it('resolves a relative folder against the working directory and normalises an absolute one', () => {
    expect(profileDirFromEnv({ [PROFILE_DIR_ENV]: '.tessera-dev/desktop' }, '/work/main')).toBe('/work/main/.tessera-dev/desktop');
    expect(profileDirFromEnv({ [PROFILE_DIR_ENV]: '/data/tessera/../profile/' }, '/work')).toBe('/data/profile');
  });

  it('refuses a path with a NUL byte', () => {
    expect(() => profileDirFromEnv({ [PROFILE_DIR_ENV]: '/tmp/a\0b' }, '/work')).toThrow(/not a valid path/);
  });
});
