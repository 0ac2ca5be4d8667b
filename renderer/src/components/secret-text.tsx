// A revealed secret in monospace, digits and symbols tinted so "l1I0O" can be told apart.
import { memo } from 'react';

type Kind = 'letter' | 'digit' | 'symbol' | 'space';

function kindOf(char: string): Kind {
  if (/\p{L}/u.test(char)) return 'letter';
  if (/\p{N}/u.test(char)) return 'digit';
  if (/\s/u.test(char)) return 'space';
  return 'symbol';
}

/** Runs of one character class, so a 64-character password makes a handful of spans, not 64. */
function runs(value: string): Array<{ kind: Kind; text: string }> {
  const out: Array<{ kind: Kind; text: string }> = [];
  for (const char of value) {
    const kind = kindOf(char);
    const last = out.at(-1);
    if (last && last.kind === kind) last.text += char;
    else out.push({ kind, text: char });
  }
  return out;
}

export const SecretText = memo(function SecretText({ value, label }: { readonly value: string; readonly label: string }) {
  return (
    <bdi className="secret-text" aria-label={label} data-testid="revealed-secret">
      {runs(value).map((run, i) => (
        <span key={i} className={`secret-${run.kind}`}>
          {run.kind === 'space' ? run.text.replace(/ /g, '␣') : run.text}
        </span>
      ))}
    </bdi>
  );
});
