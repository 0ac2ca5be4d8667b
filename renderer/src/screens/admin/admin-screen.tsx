// Administration, for administrators only (the sidebar shows it to them; main and the server refuse the calls to
// anyone else): the organisation's people, the password generator's defaults, and the rules for passphrases.
// Three tabs, switched with the arrow keys as the tabs pattern has it.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { PassphrasePolicyTab } from './passphrase-policy-tab';
import { PasswordPolicyTab } from './password-policy-tab';
import { UsersTab } from './users-tab';

const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'password', label: 'Password policy' },
  { id: 'passphrase', label: 'Passphrase policy' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function AdminScreen() {
  const [tab, setTab] = useState<TabId>('users');
  const base = useId();
  const tabs = useRef<HTMLDivElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (at + 1) % TABS.length
      : e.key === 'ArrowLeft' ? (at - 1 + TABS.length) % TABS.length
        : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    const id = (TABS[next] as (typeof TABS)[number]).id;
    setTab(id);
    tabs.current?.querySelector<HTMLElement>(`#${CSS.escape(`${base}-${id}-tab`)}`)?.focus();
  };

  return (
    <section className="view-pane admin" aria-labelledby={`${base}-title`}>
      <header className="view-header">
        <h1 className="view-title" id={`${base}-title`}>Administration</h1>
        <div className="tabs" role="tablist" aria-label="Administration" ref={tabs} onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" id={`${base}-${t.id}-tab`} aria-selected={tab === t.id}
              aria-controls={`${base}-${t.id}-panel`} tabIndex={tab === t.id ? 0 : -1} className={tab === t.id ? 'tab active' : 'tab'}
              onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
      </header>
      <div className="view-body" role="tabpanel" id={`${base}-${tab}-panel`} aria-labelledby={`${base}-${tab}-tab`}>
        {tab === 'users' ? <UsersTab /> : tab === 'password' ? <PasswordPolicyTab /> : <PassphrasePolicyTab />}
      </div>
    </section>
  );
}
