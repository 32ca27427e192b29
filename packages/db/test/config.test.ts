import { describe, expect, it } from 'vitest';
import { DbConfigError, DEFAULT_DATA_DIR, parseDbCliEnv } from '../src/cli/config.js';

describe('db:migrate / db:seed configuration', () => {
  it('reads DATABASE_URL, DATA_DIR and EMBEDDED_PG_PORT, with the app defaults', () => {
    expect(parseDbCliEnv({})).toEqual({ DATA_DIR: DEFAULT_DATA_DIR, EMBEDDED_PG_PORT: 54329 });
    expect(
      parseDbCliEnv({
        DATABASE_URL: 'postgres://u@db:5432/societas',
        DATA_DIR: '/srv/data',
        EMBEDDED_PG_PORT: '55432',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      DATABASE_URL: 'postgres://u@db:5432/societas',
      DATA_DIR: '/srv/data',
      EMBEDDED_PG_PORT: 55432,
    });
    // Empty counts as unset, as in the app's env.ts.
    expect(parseDbCliEnv({ DATABASE_URL: '', EMBEDDED_PG_PORT: ' ' }).EMBEDDED_PG_PORT).toBe(54329);
  });

  it('refuses a bad value with a message naming the variable', () => {
    expect(() => parseDbCliEnv({ DATABASE_URL: 'mysql://db', EMBEDDED_PG_PORT: '80' })).toThrow(
      DbConfigError,
    );
    try {
      parseDbCliEnv({ DATABASE_URL: 'mysql://db', EMBEDDED_PG_PORT: '80' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('- DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://');
      expect(message).toMatch(/- EMBEDDED_PG_PORT: /);
    }
  });
});
