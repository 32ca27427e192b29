import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateLocale, chooseLocale } from './i18n';
import { storedLocale } from './locale';

const signIn = msg`Sign in`;

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('document', { documentElement: { lang: 'en' } });
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => items.set(key, value),
  });
});

afterEach(async () => {
  await activateLocale('en');
  vi.unstubAllGlobals();
});

describe('activating a language', () => {
  it('loads its catalogue, translates with it and sets <html lang>', async () => {
    await activateLocale('ja');
    expect(i18n._(signIn)).toBe('サインイン');
    expect(document.documentElement.lang).toBe('ja');

    await activateLocale('es');
    expect(i18n._(signIn)).toBe('Iniciar sesión');
    expect(document.documentElement.lang).toBe('es');
  });

  it('keeps the reader’s choice in this browser', async () => {
    await chooseLocale('ja');
    expect(storedLocale()).toBe('ja');
    expect(i18n.locale).toBe('ja');
  });
});
