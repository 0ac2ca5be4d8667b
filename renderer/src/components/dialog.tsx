// A modal dialog on the native <dialog> element: showModal() makes the rest of the window inert (focus cannot
// leave it), Escape cancels, and focus returns to whatever had it before the dialog opened.
import { useEffect, useRef, type ReactNode } from 'react';
import { CloseIcon } from '../icons/icons';

interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Wider dialogs hold forms; narrow ones a question; large ones lists with details (who has access). */
  readonly size?: 'narrow' | 'wide' | 'large';
  readonly describedBy?: string;
  /** Busy dialogs ignore Escape so a half-sent change is not abandoned. */
  readonly busy?: boolean;
}

export function Dialog({ title, onClose, children, size = 'wide', describedBy, busy = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  const busyRef = useRef(busy);
  useEffect(() => {
    closeRef.current = onClose;
    busyRef.current = busy;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const autofocus = dialog.querySelector<HTMLElement>('[data-autofocus]');
    autofocus?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      if (!busyRef.current) closeRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const titleId = `dialog-title-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog ref={ref} className={`dialog dialog-${size}`} aria-labelledby={titleId} aria-describedby={describedBy}>
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose} disabled={busy}>
          <CloseIcon />
        </button>
      </header>
      {children}
    </dialog>
  );
}
