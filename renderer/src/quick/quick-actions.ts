// What the quick-search window does with the selected item: main copies a field (the value never passes through
// the window) or opens the website; the window says what happened in one line. Each answers whether the window
// may hide now: only after an outcome that needs no reading (a clean copy, a website handed to the browser).
import type { ResourceRow } from '../../../common/ipc';
import { call, sentence } from '../api';
import { duration } from '../text/format';
import { visible } from '../text/untrusted';
import { useQuickStore } from './quick.store';

export type QuickField = 'password' | 'username' | 'uri';

const fieldWords: Readonly<Record<QuickField, string>> = { password: 'Password', username: 'Username', uri: 'Website' };

export async function quickCopy(row: ResourceRow, field: QuickField): Promise<boolean> {
  const { note } = useQuickStore.getState();
  const name = visible(row.name, 60);
  if (field === 'username' && !row.username) {
    note(`${name} has no username.`, { tone: 'warning' });
    return false;
  }
  if (field === 'uri' && !row.uri) {
    note(`${name} has no website.`, { tone: 'warning' });
    return false;
  }
  try {
    const answer = await call(window.tessera.clipboard.copy({ resourceId: row.id, field }));
    const what = `${fieldWords[field]} for ${name}`;
    if (answer.unavailable) {
      note(`${what} could not be copied.`, { detail: answer.unavailable, tone: 'warning' });
      return false;
    }
    const text = answer.clearsInMs > 0 ? `${what} copied — clears in ${duration(answer.clearsInMs)}` : `${what} copied`;
    if (answer.flagged) {
      note(text, { detail: answer.warning ?? 'This secret could not be verified.', tone: 'warning' });
      return false;
    }
    note(text);
    return true;
  } catch (error) {
    note(sentence(error), { tone: 'error' });
    return false;
  }
}

export async function quickOpenWebsite(row: ResourceRow): Promise<boolean> {
  const { note } = useQuickStore.getState();
  if (!row.uri) {
    note(`${visible(row.name, 60)} has no website.`, { tone: 'warning' });
    return false;
  }
  try {
    await call(window.tessera.vault.openUri({ id: row.id }));
    return true;
  } catch (error) {
    note(sentence(error), { tone: 'error' });
    return false;
  }
}

export function hideQuick(): void {
  cancelHide();
  void window.tessera.quick.hide();
}

/** Long enough to read the confirmation, short enough not to be in the way. */
export const HIDE_AFTER_COPY_MS = 1200;

let hideTimer: ReturnType<typeof setTimeout> | undefined;

/** Any key after a copy means the user is still here: the window stays. */
export function cancelHide(): void {
  if (hideTimer !== undefined) clearTimeout(hideTimer);
  hideTimer = undefined;
}

/**
 * Acts on the selected row of what was typed: a fast typist's Enter waits for the query it follows. A clean copy
 * hides the window a moment later; opening a website hides it at once (the browser takes the focus anyway).
 */
export async function actOnSelection(action: QuickField | 'open'): Promise<void> {
  cancelHide();
  await useQuickStore.getState().settled();
  const { rows, selected } = useQuickStore.getState();
  const row = rows[selected];
  if (!row) return;
  if (action === 'open') {
    if (await quickOpenWebsite(row)) hideQuick();
  } else if (await quickCopy(row, action)) {
    hideTimer = setTimeout(hideQuick, HIDE_AFTER_COPY_MS);
  }
}

export function openMainWindow(): void {
  void window.tessera.quick.openMain();
}
