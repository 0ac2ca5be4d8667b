// A search box with a listbox of matches, keyboard first: type, ArrowDown/ArrowUp move through the matches (focus
// stays in the box, aria-activedescendant names the active one), Enter picks, Escape clears. Searches run after a
// short pause in typing; an answer to an older query is dropped.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { sentence } from '../../api';
import { useDebounced } from '../../hooks/use-debounced';
import { SearchIcon } from '../../icons/icons';

interface ComboboxProps<T extends { readonly id: string }> {
  readonly label: string;
  readonly placeholder: string;
  readonly search: (query: string) => Promise<readonly T[]>;
  readonly renderOption: (option: T) => ReactNode;
  readonly onPick: (option: T) => void;
  readonly disabled?: boolean;
  /** Said when the query matches nobody. */
  readonly emptyText?: string;
  readonly autoFocus?: boolean;
}

type Status = { readonly kind: 'idle' } | { readonly kind: 'searching' } | { readonly kind: 'done'; readonly options: readonly unknown[] } | { readonly kind: 'error'; readonly message: string };

export function Combobox<T extends { readonly id: string }>(props: ComboboxProps<T>) {
  const { label, placeholder, search, renderOption, onPick, disabled = false, emptyText = 'Nobody matches.', autoFocus = false } = props;
  const base = useId();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [active, setActive] = useState(0);
  const settled = useDebounced(query.trim(), 180);
  const asked = useRef(0);
  const searchRef = useRef(search);
  useEffect(() => {
    searchRef.current = search;
  });

  useEffect(() => {
    const mine = ++asked.current;
    if (settled === '') {
      setStatus({ kind: 'idle' });
      return;
    }
    setStatus({ kind: 'searching' });
    searchRef.current(settled).then(
      (options) => {
        if (mine !== asked.current) return;
        setStatus({ kind: 'done', options });
        setActive(0);
      },
      (error: unknown) => {
        if (mine === asked.current) setStatus({ kind: 'error', message: sentence(error) });
      },
    );
  }, [settled]);

  const options = (status.kind === 'done' ? status.options : []) as readonly T[];
  const open = query.trim() !== '' && options.length > 0;
  const optionId = (i: number) => `${base}-option-${i}`;

  const pick = (option: T) => {
    asked.current += 1;
    setQuery('');
    setStatus({ kind: 'idle' });
    onPick(option);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Home' && open && e.ctrlKey) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && open && e.ctrlKey) {
      e.preventDefault();
      setActive(options.length - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const option = options[active];
      if (open && option) pick(option);
    } else if (e.key === 'Escape' && query) {
      // Clears the search instead of closing the dialog around it.
      e.preventDefault();
      e.stopPropagation();
      asked.current += 1;
      setQuery('');
      setStatus({ kind: 'idle' });
    }
  };

  const note = query.trim() === '' ? null
    : status.kind === 'error' ? status.message
      : status.kind === 'done' && options.length === 0 ? emptyText
        : status.kind === 'searching' || settled !== query.trim() ? 'Searching…' : null;

  return (
    <div className="combobox">
      <div className="combobox-field">
        <SearchIcon className="combobox-icon" />
        <input
          type="text"
          role="combobox"
          aria-label={label}
          aria-expanded={open}
          aria-controls={`${base}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={open ? optionId(active) : undefined}
          placeholder={placeholder}
          value={query}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          maxLength={128}
          data-autofocus={autoFocus ? true : undefined}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul className="combobox-list" role="listbox" id={`${base}-listbox`} aria-label={`${label}: matches`} hidden={!open}>
        {open ? options.map((option, i) => (
          <li
            key={option.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'combobox-option active' : 'combobox-option'}
            // Keeps the focus in the box: a click picks without blurring it.
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => setActive(i)}
            onClick={() => pick(option)}
          >
            {renderOption(option)}
          </li>
        )) : null}
      </ul>
      {/* Always in the page, so screen readers announce what it starts to say. */}
      <p className={status.kind === 'error' ? 'combobox-note combobox-error' : 'combobox-note'} role="status">{note}</p>
    </div>
  );
}
