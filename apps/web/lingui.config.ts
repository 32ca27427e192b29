import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';

/**
 * Message catalogues (ADR 019): English is the source, written in the code with Lingui's macros;
 * `npm run i18n:check` extracts them into src/locales/<locale>/messages.po and fails on any
 * Spanish or Japanese message left untranslated.
 */
export default defineConfig({
  sourceLocale: 'en',
  locales: ['en', 'es', 'ja'],
  catalogs: [
    {
      path: '<rootDir>/src/locales/{locale}/messages',
      include: ['<rootDir>/src'],
      exclude: ['**/*.test.ts'],
    },
  ],
  // No line numbers: a message moving in its file does not change the catalogues.
  format: formatter({ lineNumbers: false }),
  orderBy: 'message',
});
