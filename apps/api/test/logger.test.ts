import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes readable lines, not JSON, when a person watches the terminal', () => {
    const out = capture(true);
    createLogger({ LOG_LEVEL: 'info', NODE_ENV: 'development' }, out.stream).info('server listening');
    const text = out.text();
    expect(text).toContain('INFO');
    expect(text).toContain('server listening');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('writes JSON lines when output goes to a pipe or file (log collectors)', () => {
    const out = capture(false);
    createLogger({ LOG_LEVEL: 'info', NODE_ENV: 'production' }, out.stream).info('server listening');
    expect(JSON.parse(out.text())).toMatchObject({ level: 30, msg: 'server listening' });
  });

  it('keeps JSON in tests even on a terminal, and still redacts passwords', () => {
    const out = capture(true);
    createLogger({ LOG_LEVEL: 'warn', NODE_ENV: 'test' }, out.stream).warn(
      { user: { password: 'hunter22' } },
      'x',
    );
    const line = JSON.parse(out.text());
    expect(line.user.password).toBe('[Redacted]');
  });
});
