// The renderer: React 19 + zustand, built to dist/renderer and served from app:// in the app.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../main/electron/security-policy';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * index.html carries the CSP as a meta tag (so it applies however the page is loaded) and main sends it as a
 * header. This check fails the build when the two drift apart.
 */
function cspMatchesMain(): Plugin {
  return {
    name: 'tessera-csp-matches-main',
    transformIndexHtml(html) {
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
      if (!meta || meta[1] !== CONTENT_SECURITY_POLICY) {
        throw new Error('renderer/index.html CSP differs from CONTENT_SECURITY_POLICY in main/electron/security-policy.ts');
      }
      return html;
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), cspMatchesMain()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    // Inlined data: URLs would be refused by the CSP (img-src 'self').
    assetsInlineLimit: 0,
    // Chromium has modulepreload; the polyfill would only add code.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
