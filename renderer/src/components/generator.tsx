// The password generator inside the item form: the organisation's defaults first, then the user's choice of
// length and character classes, or a passphrase of N words. Every value comes from main.
import { useState } from 'react';
import type { GeneratorOptions, MethodResponse } from '../../../common/ipc';
import { call, sentence } from '../api';
import { RefreshIcon } from '../icons/icons';
import { strengthLabel } from '../text/format';

export type Generated = MethodResponse<'generator.generate'>;

interface GeneratorProps {
  readonly current: Generated;
  readonly onGenerated: (generated: Generated) => void;
}

export async function generate(options?: Partial<GeneratorOptions>): Promise<Generated> {
  return call(window.tessera.generator.generate(options));
}

export function GeneratorPanel({ current, onGenerated }: GeneratorProps) {
  const [error, setError] = useState<string | null>(null);
  // The controls show the choice at once; the value follows when main answers (or the choice reverts).
  const [options, setOptions] = useState<GeneratorOptions>(current.options);

  const regenerate = async (changes: Partial<GeneratorOptions>) => {
    const next = { ...options, ...changes };
    setOptions(next);
    try {
      setError(null);
      const generated = await generate(next);
      setOptions(generated.options);
      onGenerated(generated);
    } catch (e) {
      setOptions(current.options);
      setError(sentence(e));
    }
  };

  const classes: Array<[keyof GeneratorOptions, string, string]> = [
    ['uppercase', 'A–Z', 'Uppercase letters'],
    ['lowercase', 'a–z', 'Lowercase letters'],
    ['digits', '0–9', 'Digits'],
    ['symbols', '!@#', 'Symbols'],
  ];

  return (
    <fieldset className="generator" aria-label="Generator settings">
      <div className="generator-top">
        <div className="segmented" role="radiogroup" aria-label="Kind">
          {(['password', 'passphrase'] as const).map((kind) => (
            <label key={kind} className={options.kind === kind ? 'segment on' : 'segment'}>
              <input type="radio" name="generator-kind" value={kind} checked={options.kind === kind} onChange={() => void regenerate({ kind })} />
              {kind === 'password' ? 'Password' : 'Passphrase'}
            </label>
          ))}
        </div>
        <span className={`strength strength-${current.strength}`} data-testid="generated-strength">
          {strengthLabel(current.strength)} · {Math.round(current.entropy)} bits
        </span>
        <button type="button" className="button button-quiet button-small" onClick={() => void regenerate({})}>
          <RefreshIcon size={14} /> Regenerate
        </button>
      </div>
      {options.kind === 'password' ? (
        <div className="generator-controls">
          <label className="range-field">
            <span>Length</span>
            <input type="range" min={8} max={128} value={options.length} onChange={(e) => void regenerate({ length: Number(e.target.value) })} />
            <output>{options.length}</output>
          </label>
          <div className="checks" role="group" aria-label="Characters">
            {classes.map(([key, short, long]) => (
              <label key={key} className="check" title={long}>
                <input type="checkbox" aria-label={long} checked={Boolean(options[key])} onChange={(e) => void regenerate({ [key]: e.target.checked })} />
                <span aria-hidden="true">{short}</span>
              </label>
            ))}
          </div>
        </div>
      ) : (
        <div className="generator-controls">
          <label className="range-field">
            <span>Words</span>
            <input type="range" min={4} max={40} value={options.words} onChange={(e) => void regenerate({ words: Number(e.target.value) })} />
            <output>{options.words}</output>
          </label>
        </div>
      )}
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
    </fieldset>
  );
}
