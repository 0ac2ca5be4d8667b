// Actions several parts of the window trigger (buttons, shortcuts): copy a field, open a website, lock.
import type { ResourceRow } from '../../../common/ipc';
import { call, sentence } from '../api';
import { duration } from '../text/format';
import { visible } from '../text/untrusted';
import { useToastStore } from './toast.store';

export type CopyField = 'password' | 'username' | 'uri';

const fieldWords: Readonly<Record<CopyField, string>> = { password: 'Password', username: 'Username', uri: 'Website' };

/** Asks main to copy a field (the value never passes through the window) and confirms when it will be cleared. */
export async function copyField(item: Pick<ResourceRow, 'id' | 'name'>, field: CopyField): Promise<void> {
  const toast = useToastStore.getState();
  try {
    const answer = await call(window.tessera.clipboard.copy({ resourceId: item.id, field }));
    const what = `${fieldWords[field]} for ${visible(item.name, 60)}`;
    if (answer.unavailable) {
      toast.show(`${what} could not be copied.`, { detail: answer.unavailable, tone: 'warning' });
      return;
    }
    const message = answer.clearsInMs > 0 ? `${what} copied — clears in ${duration(answer.clearsInMs)}` : `${what} copied`;
    toast.show(message, answer.flagged ? { detail: answer.warning ?? 'This secret could not be verified.', tone: 'warning' } : {});
  } catch (error) {
    toast.show(sentence(error), { tone: 'error' });
  }
}

export async function openWebsite(item: Pick<ResourceRow, 'id' | 'uri'>): Promise<void> {
  if (!item.uri) {
    useToastStore.getState().show('This item has no website to open.', { tone: 'warning' });
    return;
  }
  try {
    await call(window.tessera.vault.openUri({ id: item.id }));
  } catch (error) {
    useToastStore.getState().show(sentence(error), { tone: 'error' });
  }
}

export async function lockNow(): Promise<void> {
  // Main answers with a session.locked event, which resets the stores and shows the unlock screen.
  await window.tessera.session.lock();
}
