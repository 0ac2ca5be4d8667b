// The brand block at the top of the screens shown before the vault (first run, join, unlock).
import { Logo } from '../icons/logo';

export function Brand() {
  return (
    <header className="brand">
      <Logo size={36} />
      <div>
        <p className="brand-name">Tessera</p>
        <p className="brand-tagline">Team password manager</p>
      </div>
    </header>
  );
}
