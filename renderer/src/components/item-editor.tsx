// Creating and editing an item, in a dialog. The password typed or generated lives in this component's state
// only, and only while the dialog is open; an edit sends just the fields that changed.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { RESOURCE_LIMITS, type ResourceDetail } from '../../../common/ipc';
import { call, sentence } from '../api';
import { DiceIcon, EyeIcon, EyeOffIcon } from '../icons/icons';
import { useDetailStore } from '../stores/detail.store';
import { useDialogStore } from '../stores/dialog.store';
import { useToastStore } from '../stores/toast.store';
import { useVaultListStore } from '../stores/vault-list.store';
import { visible } from '../text/untrusted';
import { Dialog } from './dialog';
import { GeneratorPanel, generate, type Generated } from './generator';
import { SecretText } from './secret-text';

interface Form {
  name: string;
  username: string;
  uri: string;
  description: string;
  password: string;
}

function TextField({ label, value, onChange, max, autoFocus, required, hint, multiline, mono }: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly max: number;
  readonly autoFocus?: boolean;
  readonly required?: boolean;
  readonly hint?: string;
  readonly multiline?: boolean;
  readonly mono?: boolean;
}) {
  const id = useId();
  const common = {
    id, value, maxLength: max, required, spellCheck: false, autoComplete: 'off',
    'aria-describedby': hint ? `${id}-hint` : undefined,
    ...(autoFocus ? { 'data-autofocus': true } : {}),
  };
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" className={mono ? 'mono-input' : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
    </div>
  );
}

export function ItemEditor({ mode }: { readonly mode: { kind: 'create' } | { kind: 'edit'; id: string } }) {
  const close = useDialogStore((s) => s.close);
  const detail = useDetailStore((s) => (mode.kind === 'edit' && s.detail?.id === mode.id ? s.detail : null));
  const [form, setForm] = useState<Form>(() => initialForm(mode.kind === 'edit' ? detail : null));
  const [showPassword, setShowPassword] = useState(false);
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [descriptionLoaded, setDescriptionLoaded] = useState(!(detail?.descriptionEncrypted ?? false));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordId = useId();

  // A new item gets a generated password right away, as the organisation's generator makes it.
  useEffect(() => {
    if (mode.kind !== 'create') return;
    let live = true;
    generate().then((g) => {
      if (!live) return;
      setGenerated(g);
      setForm((f) => (f.password === '' ? { ...f, password: g.value } : f));
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [mode.kind]);

  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const onGenerate = async () => {
    try {
      setError(null);
      const g = await generate(generated?.options);
      setGenerated(g);
      setForm((f) => ({ ...f, password: g.value }));
    } catch (e) {
      setError(sentence(e));
    }
  };

  const loadDescription = async () => {
    if (mode.kind !== 'edit') return;
    try {
      const answer = await call(window.tessera.secret.reveal({ resourceId: mode.id, field: 'description' }));
      setForm((f) => ({ ...f, description: answer.value }));
      setDescriptionLoaded(true);
    } catch (e) {
      setError(sentence(e));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.name.trim()) {
      setError('Give the item a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const row = mode.kind === 'create'
        ? await call(window.tessera.vault.create({
          name: form.name.trim(),
          username: form.username || null,
          uri: form.uri.trim() || null,
          description: form.description || null,
          password: form.password,
        }))
        : await call(window.tessera.vault.update({ id: mode.id, ...changes(detail, form, descriptionLoaded) }));
      // Clear the secret before the dialog goes away, then show the item where it now sits.
      setForm((f) => ({ ...f, password: '' }));
      close();
      useToastStore.getState().show(mode.kind === 'create' ? `Created ${visible(row.name, 60)}` : `Saved ${visible(row.name, 60)}`);
      await useVaultListStore.getState().reveal(row.id);
      if (mode.kind === 'edit') await useDetailStore.getState().refresh();
      else await useDetailStore.getState().show(row.id);
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
    }
  };

  const title = mode.kind === 'create' ? 'New item' : 'Edit item';
  if (mode.kind === 'edit' && !detail) {
    return (
      <Dialog title={title} onClose={close} size="narrow">
        <div className="dialog-body"><p role="alert">This item is no longer available.</p></div>
        <footer className="dialog-footer"><button type="button" className="button button-secondary" onClick={close}>Close</button></footer>
      </Dialog>
    );
  }

  return (
    <Dialog title={title} onClose={close} busy={busy}>
      <form className="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body">
          <TextField label="Name" value={form.name} onChange={set('name')} max={RESOURCE_LIMITS.name} autoFocus required />
          <div className="form-grid">
            <TextField label="Username" value={form.username} onChange={set('username')} max={RESOURCE_LIMITS.username} />
            <TextField label="Website" value={form.uri} onChange={set('uri')} max={RESOURCE_LIMITS.uri} hint="Opened in your browser; only http and https addresses." />
          </div>
          <div className="form-field">
            <label htmlFor={passwordId}>Password</label>
            <div className="password-input">
              <input
                id={passwordId}
                type={showPassword ? 'text' : 'password'}
                className="mono-input"
                value={form.password}
                maxLength={RESOURCE_LIMITS.password}
                autoComplete="off"
                spellCheck={false}
                placeholder={mode.kind === 'edit' ? 'Unchanged' : ''}
                aria-describedby={mode.kind === 'edit' ? `${passwordId}-hint` : undefined}
                onChange={(e) => set('password')(e.target.value)}
              />
              <button type="button" className="icon-button" aria-label={showPassword ? 'Hide password' : 'Show password'} aria-pressed={showPassword} onClick={() => setShowPassword((v) => !v)}>
                {showPassword ? <EyeOffIcon /> : <EyeIcon />}
              </button>
              <button type="button" className="button button-secondary button-small" onClick={() => void onGenerate()}>
                <DiceIcon size={14} /> Generate
              </button>
            </div>
            {mode.kind === 'edit' ? <p className="hint" id={`${passwordId}-hint`}>Leave empty to keep the current password.</p> : null}
            {showPassword && form.password ? <p className="password-preview"><SecretText value={form.password} label="Password preview" /></p> : null}
          </div>
          {generated ? (
            <GeneratorPanel current={generated} onGenerated={(g) => {
              setGenerated(g);
              setForm((f) => ({ ...f, password: g.value }));
            }} />
          ) : null}
          {descriptionLoaded ? (
            <TextField label="Description" value={form.description} onChange={set('description')} max={RESOURCE_LIMITS.description} multiline />
          ) : (
            <div className="form-field">
              <span className="label">Description</span>
              <p className="hint">The description is encrypted with the password.</p>
              <button type="button" className="button button-secondary button-small" onClick={() => void loadDescription()}>Reveal description to edit</button>
            </div>
          )}
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-quiet" onClick={close} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        </footer>
      </form>
    </Dialog>
  );
}

function initialForm(detail: ResourceDetail | null): Form {
  return {
    name: detail?.name ?? '',
    username: detail?.username ?? '',
    uri: detail?.uri ?? '',
    description: detail && !detail.descriptionEncrypted ? (detail.description ?? '') : '',
    password: '',
  };
}

/** Only what the user changed: an untouched field is not sent, an emptied one is sent as null. */
function changes(detail: ResourceDetail | null, form: Form, descriptionLoaded: boolean) {
  const out: { name?: string; username?: string | null; uri?: string | null; description?: string | null; password?: string } = {};
  if (!detail) return out;
  if (form.name.trim() !== detail.name) out.name = form.name.trim();
  if (form.username !== (detail.username ?? '')) out.username = form.username || null;
  if (form.uri.trim() !== (detail.uri ?? '')) out.uri = form.uri.trim() || null;
  if (descriptionLoaded && (detail.descriptionEncrypted || form.description !== (detail.description ?? ''))) out.description = form.description || null;
  if (form.password !== '') out.password = form.password;
  return out;
}
