// The account button at the top of the sidebar and its menu: switch to another account (locks this one), change
// the passphrase, save the recovery kit again, add an account, lock. A menu button with arrow-key navigation,
// closed by Escape or a click elsewhere.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { shortcut } from '../hooks/platform';
import { ChevronDownIcon } from '../icons/icons';
import { lockNow } from '../stores/actions';
import { accountName, serverHost, useSessionStore } from '../stores/session.store';
import { initial } from '../text/format';
import { ChangePassphraseDialog } from './change-passphrase-dialog';
import { ExportKitDialog } from './export-kit-dialog';
import { Untrusted } from './untrusted';

export function AccountMenu() {
  const { accounts, accountId, chooseAccount, startAdding } = useSessionStore();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<'passphrase' | 'kit' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const account = accounts.find((a) => a.id === accountId);
  const others = accounts.filter((a) => a.id !== accountId);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [open]);

  const closeMenu = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeMenu();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  const switchTo = async (id: string) => {
    setOpen(false);
    // The current vault locks first; the unlock screen then asks for the other account's passphrase.
    await lockNow();
    chooseAccount(id);
  };

  return (
    <div className="account-menu">
      <button
        ref={button}
        type="button"
        className="account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account: ${accountName(account)}`}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="avatar" aria-hidden="true">{initial(accountName(account))}</span>
        <span className="account-text">
          <Untrusted value={accountName(account)} className="account-name" noTitle />
          <Untrusted value={serverHost(account)} className="account-host" noTitle />
        </span>
        <ChevronDownIcon size={14} />
      </button>
      {open ? (
        <div ref={menu} className="menu" role="menu" aria-label="Account" onKeyDown={onKeyDown}>
          {others.length > 0 ? <p className="menu-heading" role="presentation">Switch to</p> : null}
          {others.map((a) => (
            <button key={a.id} type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={() => void switchTo(a.id)}>
              <span className="avatar avatar-small" aria-hidden="true">{initial(accountName(a))}</span>
              <span className="menu-item-text">
                <Untrusted value={accountName(a)} noTitle />
                <Untrusted value={serverHost(a)} className="menu-item-sub" noTitle />
              </span>
            </button>
          ))}
          {others.length > 0 ? <hr className="menu-separator" /> : null}
          {account ? (
            <>
              <button type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={() => {
                closeMenu();
                setDialog('passphrase');
              }}>
                Change passphrase…
              </button>
              <button type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={() => {
                closeMenu();
                setDialog('kit');
              }}>
                Save recovery kit again…
              </button>
              <hr className="menu-separator" />
            </>
          ) : null}
          <button type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={() => {
            setOpen(false);
            startAdding();
          }}>
            Add another account…
          </button>
          <button type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={() => {
            setOpen(false);
            void lockNow();
          }}>
            Lock <span className="menu-shortcut">{shortcut('L')}</span>
          </button>
        </div>
      ) : null}
      {account && dialog === 'passphrase' ? <ChangePassphraseDialog account={account} onClose={() => setDialog(null)} /> : null}
      {account && dialog === 'kit' ? <ExportKitDialog account={account} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
