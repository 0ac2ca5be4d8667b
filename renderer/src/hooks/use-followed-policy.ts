// The organisation's passphrase policy while someone chooses a passphrase, kept current: read again whenever the
// window comes back to the front (an administrator may have changed it meanwhile) and when the caller asks, e.g.
// after main refused a passphrase under a newer policy. The object changes only when a value does, so the meter
// asks main again only then.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PassphrasePolicyView } from '../../../common/ipc';
import { sentence } from '../api';

export function useFollowedPolicy(read: () => Promise<PassphrasePolicyView>, initial: PassphrasePolicyView | null = null) {
  const [policy, setPolicy] = useState<PassphrasePolicyView | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const readRef = useRef(read);
  useEffect(() => {
    readRef.current = read;
  });

  const reload = useCallback(async () => {
    try {
      const fresh = await readRef.current();
      setPolicy((old) => (old && old.entropyMinimum === fresh.entropyMinimum && old.externalDictionaryCheck === fresh.externalDictionaryCheck ? old : fresh));
      setError(null);
    } catch (e) {
      setError(sentence(e));
    }
  }, []);

  useEffect(() => {
    if (initial === null) void reload();
    const onFront = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    window.addEventListener('focus', onFront);
    document.addEventListener('visibilitychange', onFront);
    return () => {
      window.removeEventListener('focus', onFront);
      document.removeEventListener('visibilitychange', onFront);
    };
    // The first policy decides only whether to read at once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload]);

  return { policy, error, reload };
}
