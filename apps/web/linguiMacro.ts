import { transformAsync } from '@babel/core';
import type { Plugin } from 'vite';

const MACRO_IMPORT = /from\s+['"]@lingui\/(?:core|react)\/macro['"]/;

/**
 * Compiles Lingui's macros (t, Trans, plural…) into runtime calls with their Babel plugin, in the
 * files that import them and only those. @vitejs/plugin-react 6 compiles with oxc, without Babel,
 * and the Babel bridge for Rolldown needs a newer Node than ours (ADR 019). Runs before oxc, so
 * Babel only parses the TypeScript and JSX and prints them back.
 */
export function linguiMacro(): Plugin {
  return {
    name: 'societas:lingui-macro',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!/\.[cm]?[jt]sx?$/.test(file) || file.includes('/node_modules/') || !MACRO_IMPORT.test(code)) {
        return null;
      }
      const result = await transformAsync(code, {
        filename: file,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        parserOpts: { plugins: ['typescript', 'jsx'] },
        plugins: ['@lingui/babel-plugin-lingui-macro'],
      });
      if (!result?.code) return null;
      return { code: result.code, map: result.map };
    },
  };
}
