import { describe, expect, it } from 'vitest';
import { newRequestKey } from './requestKey';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRequestKey', () => {
  it('makes distinct v4 UUIDs', () => {
    const a = newRequestKey();
    const b = newRequestKey();
    expect(a).toMatch(UUID_V4);
    expect(b).not.toBe(a);
  });

  it('still makes v4 UUIDs without crypto.randomUUID (plain-http pages)', () => {
    const original = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(typeof crypto.randomUUID).toBe('undefined');
      expect(newRequestKey()).toMatch(UUID_V4);
    } finally {
      if (original) Object.defineProperty(crypto, 'randomUUID', original);
      else delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
  });
});
