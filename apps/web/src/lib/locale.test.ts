import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatLocale, initialLocale, pickLocale, storeLocale } from './locale';

function stubStorage() {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => items.set(key, value),
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('pickLocale (Accept-Language as navigator.languages)', () => {
  it('takes the first of the reader’s languages the portal has, by language', () => {
    expect(pickLocale(['es-MX', 'en-US'])).toBe('es');
    expect(pickLocale(['fr-FR', 'de', 'ja-JP'])).toBe('ja');
    expect(pickLocale(['ja_JP'])).toBe('ja');
    expect(pickLocale(['EN-gb', 'es'])).toBe('en');
  });

  it('falls back to English when none of the reader’s languages is supported', () => {
    expect(pickLocale(['fr-FR', 'de-DE', 'zh-Hans-CN'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});

describe('initialLocale', () => {
  it('is the browser’s language for a visitor who never chose one', () => {
    stubStorage();
    vi.stubGlobal('navigator', { languages: ['pt-BR', 'es-AR', 'en'] });
    expect(initialLocale()).toBe('es');
  });

  it('is the choice saved in this browser, over the browser’s languages', () => {
    stubStorage();
    vi.stubGlobal('navigator', { languages: ['es-AR', 'en'] });
    storeLocale('ja');
    expect(initialLocale()).toBe('ja');
  });
});

describe('formatLocale', () => {
  it('uses the reader’s own variant of the chosen language, else the language (English as en-US)', () => {
    expect(formatLocale('en', ['en-GB', 'fr'])).toBe('en-GB');
    expect(formatLocale('ja', ['en-US', 'ja-JP'])).toBe('ja-JP');
    expect(formatLocale('en', ['fr-FR'])).toBe('en-US');
    expect(formatLocale('es', [])).toBe('es');
  });
});
