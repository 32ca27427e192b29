import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';

/**
 * Message catalogues (ADR 019): English is the source, written in the code with Lingui's macros;
 * `npm run i18n:check` extracts them into src/locales/<locale>/<catalogue>.po and fails on any
 * Spanish or Japanese message left untranslated. One catalogue per feature folder (its messages
 * change with it, and translators can take one area at a time) and one for the shell (lib/,
 * components/, the app frame); the app loads every catalogue of a language at once (lib/i18n.ts).
 */
export default defineConfig({
  sourceLocale: 'en',
  locales: ['en', 'es', 'ja'],
  catalogs: [
    {
      path: '<rootDir>/src/locales/{locale}/shell',
      include: ['<rootDir>/src'],
      exclude: ['**/*.test.ts', '**/*.test.tsx', '<rootDir>/src/features/**'],
    },
    {
      path: '<rootDir>/src/locales/{locale}/{name}',
      include: ['<rootDir>/src/features/{name}/'],
      exclude: ['**/*.test.ts', '**/*.test.tsx'],
    },
  ],
  // No line numbers: a message moving in its file does not change the catalogues.
  format: formatter({ lineNumbers: false }),
  orderBy: 'message',
});
