// What the person reads when a service fails: the renderer's own `sentence` applied to the error main would send.
import { expect } from 'vitest';
import type { DomainError } from '../../../../common/ipc';
import { CallFailed, sentence } from '../../../../renderer/src/api';

const GENERIC = /Something went wrong inside Tessera/;

/** The sentence shown for `error`; fails unless it is a specific, readable sentence (not the generic fallback). */
export function shownSentence(error: DomainError): string {
  const words = sentence(new CallFailed({ code: error.code, message: error.message }));
  expect(words).not.toMatch(GENERIC);
  expect(words).toMatch(/^[A-Z].*[.!?]$/s);
  expect(words).not.toMatch(/\bat .+:\d+:\d+|undefined|\[object |[A-Z]{3,}_[A-Z]+/);
  return words;
}
