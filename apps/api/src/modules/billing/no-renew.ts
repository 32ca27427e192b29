import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-click "don't renew" link in the notice sent before an automatic charge. The token names
 * the member and the subscription, expires a week after the charge date, and carries a 256-bit
 * HMAC under AUTH_SECRET, so it cannot be guessed or altered; using it twice is harmless.
 */
const PURPOSE = 'societas-no-renew';

function mac(secret: string, body: string) {
  return createHmac('sha256', secret).update(`${PURPOSE}:${body}`).digest('base64url');
}

export function noRenewToken(
  secret: string,
  userId: string,
  subscriptionId: string,
  expiresAt: Date,
): string {
  const body = Buffer.from(
    JSON.stringify({ u: userId, s: subscriptionId, e: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function verifyNoRenewToken(
  secret: string,
  token: string,
  now = new Date(),
): { userId: string; subscriptionId: string } | null {
  const [body, signature] = token.split('.');
  if (!body || !signature) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      u?: unknown;
      s?: unknown;
      e?: unknown;
    };
    if (typeof payload.u !== 'string' || typeof payload.s !== 'string' || typeof payload.e !== 'number')
      return null;
    if (payload.e * 1000 < now.getTime()) return null;
    return { userId: payload.u, subscriptionId: payload.s };
  } catch {
    return null;
  }
}
