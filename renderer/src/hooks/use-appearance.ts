// The theme: the system's unless the user chose one in Settings. Applied as data-theme on <html>, which the
// stylesheet reads; "system" leaves it to prefers-color-scheme.
import { useEffect } from 'react';
import type { Settings } from '../../../common/ipc/settings';

function apply(theme: Settings['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function useAppearance(): void {
  useEffect(() => {
    let live = true;
    void window.tessera.settings.get().then((r) => {
      if (live && r.ok) apply(r.value.settings.theme);
    });
    const off = window.tessera.on('settings.changed', ({ settings }) => apply(settings.theme));
    return () => {
      live = false;
      off();
    };
  }, []);
}
