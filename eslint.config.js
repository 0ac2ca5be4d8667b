// Lint: typescript-eslint recommended rules plus the layer rules of DESIGN.md.
// The layer rules live in eslint/layers.js so a test can run them against violating files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layerConfigs } from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'eslint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Node 20 can deadlock a thread when a garbage collection finalizes a key generation job inside the export of
    // the key it made (main/crypto/pkesk-common.ts, ephemeralX25519). The app's crypto makes no keys that way.
    files: ['main/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: 'ImportDeclaration[source.value=/^(node:)?crypto$/] > ImportSpecifier[imported.name=/^generateKeyPair(Sync)?$/]',
        message: 'Key generation jobs can deadlock Node 20 threads on export; use ephemeralX25519 (pkesk-common.ts) or openpgp.js.',
      }],
    },
  },
  ...layerConfigs,
);
