// Renders text that came from other people: as React text nodes only (never markup), isolated with <bdi> so a
// right-to-left run cannot reorder what surrounds it, hidden characters shown as small markers, cut to one line
// with an ellipsis by CSS and shown in full (markers included) in the tooltip.
import { memo } from 'react';
import { pieces, visible } from '../text/untrusted';

interface UntrustedProps {
  readonly value: string;
  readonly className?: string;
  /** Multi-line text (descriptions) wraps instead of being cut to one line. */
  readonly multiline?: boolean;
  /** Leave the tooltip off where a parent already carries one. */
  readonly noTitle?: boolean;
}

export const Untrusted = memo(function Untrusted({ value, className, multiline = false, noTitle = false }: UntrustedProps) {
  const parts = pieces(value, multiline ? 10_000 : undefined);
  const classes = ['untrusted', multiline ? 'untrusted-multiline' : 'untrusted-line', className].filter(Boolean).join(' ');
  return (
    <bdi className={classes} title={noTitle ? undefined : visible(value)}>
      {parts.map((part, i) =>
        'text' in part ? (
          part.text
        ) : (
          <span key={i} className="hidden-mark" title={`Hidden character ${part.codePoint}`}>
            {part.mark}
          </span>
        ),
      )}
    </bdi>
  );
});
