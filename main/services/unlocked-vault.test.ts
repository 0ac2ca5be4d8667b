// The vault's one write path: every change reaches the sealed store before memory, memory before the index, and
// the renderer hears of it last, once. A store that fails leaves memory and index as they were.
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../common/ipc';
import type { PassboltApi } from '../api/passbolt-api';
import type { AccessTokenManager } from '../api/access-token-manager';
import type { UnlockedKey } from '../crypto/unlocked-key';
import type { KeyTrust } from './key-trust.service';
import type { ResourceIndex, VaultStore } from './ports';
import { SearchIndex } from './search/search.service';
import { UnlockedVault } from './unlocked-vault';
import type { ResourceRecord } from './vault-records';

function record(id: string, name: string): ResourceRecord {
  return {
    id, resourceTypeId: 'a28a04cd-6f53-518a-967c-9963bf9cec51', name, username: null, uri: null, description: null,
    created: '2026-01-01T00:00:00+00:00', modified: '2026-01-01T00:00:00+00:00', createdBy: null, modifiedBy: null,
    permission: 15, favoriteId: null, permissions: [],
  };
}

const ids = ['0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d10', '0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d11', '0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d12'] as const;

function setup(options: { failStore?: boolean } = {}) {
  const log: string[] = [];
  const saved: ResourceRecord[] = [];
  // The recorders below run after the vault exists; they reach it through this holder.
  const ref = {} as { vault: UnlockedVault };
  const seen = () => `memory=${ref.vault.resources.size} index=${ref.vault.search({ text: '' }).total}`;
  const store = {
    transaction: <T>(fn: () => T) => {
      log.push(`store.begin (${seen()})`);
      const result = fn();
      if (options.failStore) throw new Error('disk full');
      log.push('store.commit');
      return result;
    },
    saveResources: (rows: readonly ResourceRecord[]) => {
      saved.push(...rows);
      log.push(`store.save ${rows.length}`);
    },
    deleteResources: (rows: readonly string[]) => log.push(`store.delete ${rows.length}`),
    deleteSecrets: (rows: readonly string[]) => log.push(`store.deleteSecrets ${rows.length}`),
    close: () => undefined,
  } as unknown as VaultStore;
  const search = new SearchIndex();
  const index: ResourceIndex = new Proxy(search, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (prop === 'upsert' || prop === 'remove' || prop === 'replaceAll') log.push(`index.${String(prop)} (memory=${ref.vault.resources.size})`);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const events = { publish<E extends EventName>(event: E, payload: EventPayload<E>) { log.push(`event ${event} ${JSON.stringify(payload)}`); } };
  const none = {} as never;
  const vault = new UnlockedVault(
    { id: ids[0], serverUrl: 'https://x', userId: ids[0], username: '', firstName: '', lastName: '', created: '' },
    none as UnlockedKey, none as PassboltApi, { clear: () => undefined } as unknown as AccessTokenManager, store, none as KeyTrust, index, events, false,
  );
  ref.vault = vault;
  return { vault, log, saved };
}

describe('UnlockedVault: one write path', () => {
  it('writes the store, then memory, then the index, then publishes once', () => {
    const { vault, log } = setup();
    vault.applyResources({ upserts: [record(ids[0], 'GitHub'), record(ids[1], 'GitLab')] });
    expect(log).toEqual([
      'store.begin (memory=0 index=0)', 'store.save 2', 'store.commit',
      'index.replaceAll (memory=2)',
      `event vault.changed {"resourceIds":["${ids[0]}","${ids[1]}"]}`,
    ]);
    log.length = 0;
    vault.applyResources({ upserts: [record(ids[2], 'AWS')], removals: [ids[0]], staleSecrets: [ids[1]] });
    expect(log).toEqual([
      'store.begin (memory=2 index=2)', 'store.save 1', 'store.delete 1', 'store.deleteSecrets 2', 'store.commit',
      'index.upsert (memory=2)', 'index.remove (memory=2)',
      `event vault.changed {"resourceIds":["${ids[2]}","${ids[0]}"]}`,
    ]);
    expect([...vault.resources.keys()].sort()).toEqual([ids[1], ids[2]]);
    expect(vault.search({ text: 'git' }).ids).toEqual([ids[1]]);
  });

  it('leaves memory and index untouched, and says nothing, when the store refuses the change', () => {
    const { vault, log } = setup({ failStore: true });
    expect(() => vault.applyResources({ upserts: [record(ids[0], 'GitHub')] })).toThrow('disk full');
    expect(vault.resources.size).toBe(0);
    expect(vault.search({ text: 'git' }).ids).toEqual([]);
    expect(log.some((l) => l.startsWith('event'))).toBe(false);
  });

  it('does nothing for an empty change', () => {
    const { vault, log } = setup();
    vault.applyResources({});
    expect(log).toEqual([]);
  });
});

describe('UnlockedVault: filling an empty cache', () => {
  const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) =>
    record(`${prefix}${String(i).padStart(8, '0')}`.slice(0, 8) + '-5b8e-4c5e-9d38-' + String(1e11 + i).slice(-12), `Item ${prefix}${i}`));

  it('shows and indexes each page at once and stores everything at the end, in id order, a slice at a time', async () => {
    const { vault, log, saved } = setup();
    vault.beginBulkLoad();
    const pages = [many(4000, 'b'), many(4000, 'a'), many(3000, 'c')];
    for (const page of pages) vault.applyResources({ upserts: page });
    expect(vault.resources.size).toBe(11_000);
    expect(vault.search({ text: 'item a1' }).total).toBeGreaterThan(0);
    expect(log.filter((l) => l.startsWith('store'))).toEqual([]);
    expect(log.filter((l) => l.startsWith('event'))).toHaveLength(3);

    const gone = pages[1]![7]!.id;
    vault.applyResources({ removals: [gone] }); // a resource unshared meanwhile: deleted from the store at once
    const edited = { ...pages[2]![0]!, name: 'Edited while loading' };
    const flushing = vault.endBulkLoad();
    vault.applyResources({ upserts: [edited] }); // while the slices are written
    await flushing;
    // Everything once: in id order, but for the row edited during the writing, which follows with its edit.
    expect(saved.length).toBe(10_999);
    expect(saved.slice(0, -1).map((r) => r.id)).toEqual([...pages.flat()].map((r) => r.id).filter((id) => id !== gone && id !== edited.id).sort());
    expect(saved.at(-1)).toEqual(edited);

    log.length = 0;
    vault.applyResources({ upserts: [record(ids[0], 'After the load')] });
    expect(log[0]).toBe('store.begin (memory=10999 index=10999)');
  });

  it('starts only on an empty vault, and forgets from memory what a failing store did not take', async () => {
    const { vault } = setup();
    vault.applyResources({ upserts: [record(ids[0], 'Cached')] });
    vault.beginBulkLoad();
    await vault.endBulkLoad();

    const failing = setup({ failStore: true });
    failing.vault.beginBulkLoad();
    failing.vault.applyResources({ upserts: many(10, 'd') });
    expect(failing.vault.resources.size).toBe(10);
    await expect(failing.vault.endBulkLoad()).rejects.toThrow('disk full');
    expect(failing.vault.resources.size).toBe(0);
    expect(failing.vault.search({ text: 'item' }).total).toBe(0);
  });
});
