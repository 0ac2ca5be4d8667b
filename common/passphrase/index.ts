// common/passphrase: entropy estimate and strength levels (pure TypeScript, usable in main and renderer).
export * from './character-classes';
export * from './entropy';
