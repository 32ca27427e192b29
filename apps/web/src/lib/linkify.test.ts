import { describe, expect, it } from 'vitest';
import { splitLinks } from './linkify';

describe('splitLinks', () => {
  it('turns a verification URL into a link and keeps the surrounding text', () => {
    const text =
      'Hello Ada,\n\nConfirm your address: http://localhost:5173/api/auth/verify-email?token=abc.def&callbackURL=/verify-email\n\nThanks.';
    expect(splitLinks(text)).toEqual([
      { kind: 'text', text: 'Hello Ada,\n\nConfirm your address: ' },
      {
        kind: 'link',
        text: 'http://localhost:5173/api/auth/verify-email?token=abc.def&callbackURL=/verify-email',
        href: 'http://localhost:5173/api/auth/verify-email?token=abc.def&callbackURL=/verify-email',
      },
      { kind: 'text', text: '\n\nThanks.' },
    ]);
  });

  it('drops sentence punctuation after a URL', () => {
    const parts = splitLinks('Go to https://example.org/reset-password?token=x. Then sign in.');
    expect(parts[1]).toEqual({
      kind: 'link',
      text: 'https://example.org/reset-password?token=x',
      href: 'https://example.org/reset-password?token=x',
    });
    expect(parts[2]).toEqual({ kind: 'text', text: '. Then sign in.' });
  });

  it('links site-relative paths at the start of a word, but not other schemes', () => {
    const parts = splitLinks('Open /reset-password?token=t1 or javascript:alert(1)');
    expect(parts.filter((p) => p.kind === 'link').map((p) => p.text)).toEqual(['/reset-password?token=t1']);
  });

  it('returns plain text unchanged', () => {
    expect(splitLinks('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
    expect(splitLinks('')).toEqual([]);
  });
});
