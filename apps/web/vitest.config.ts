import { lingui } from '@lingui/vite-plugin';
import { defineConfig } from 'vitest/config';
import { linguiMacro } from './linguiMacro.ts';

export default defineConfig({
  plugins: [linguiMacro(), lingui()],
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**', 'e2e/**'],
  },
});
