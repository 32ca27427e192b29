import { describe, expect, it } from 'vitest';
import { accessFor } from './access';

const signedOut = { isPending: false, isError: false, user: null };
const member = { isPending: false, isError: false, user: { isAdmin: false } };
const admin = { isPending: false, isError: false, user: { isAdmin: true } };

describe('accessFor', () => {
  it('waits while the session is loading, whatever the page', () => {
    expect(accessFor({ ...signedOut, isPending: true }, 'member')).toBe('checking');
    expect(accessFor({ ...admin, isPending: true }, 'admin')).toBe('checking');
  });

  it('shows the error when the session cannot be read', () => {
    expect(accessFor({ ...signedOut, isError: true }, 'member')).toBe('error');
    expect(accessFor({ ...signedOut, isError: true }, 'admin')).toBe('error');
  });

  it('sends a signed-out person to sign in, for member and admin pages alike', () => {
    expect(accessFor(signedOut, 'member')).toBe('sign-in');
    expect(accessFor(signedOut, 'admin')).toBe('sign-in');
  });

  it('lets any signed-in account open a member page', () => {
    expect(accessFor(member, 'member')).toBe('allowed');
    expect(accessFor(admin, 'member')).toBe('allowed');
  });

  it('refuses an admin page to a signed-in non-admin, and allows it to an admin', () => {
    expect(accessFor(member, 'admin')).toBe('forbidden');
    expect(accessFor(admin, 'admin')).toBe('allowed');
  });
});
