import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../src/env.js';

const base = { AUTH_SECRET: 'test-secret-test-secret-test-secret-0123', DATA_DIR: '/nonexistent' };

/** parseEnv's error message, for a configuration it must refuse. */
function refusal(source: Record<string, string>): string {
  try {
    parseEnv({ ...base, ...source });
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error('Expected parseEnv to refuse the configuration');
}

describe('parseEnv', () => {
  it('fails with a message naming the bad variable', () => {
    const message = refusal({ PORT: 'eighty', DATABASE_URL: 'mysql://db/societas' });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/- PORT: /);
    expect(message).toContain('- DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://');
  });

  it('production refuses to start without a Stripe key unless PAYMENTS=off says it takes no card payments (issue 19)', () => {
    const production = { NODE_ENV: 'production', PUBLIC_URL: 'https://members.example.org' };
    expect(refusal(production)).toContain(
      '- STRIPE_SECRET_KEY: STRIPE_SECRET_KEY is required in production; set PAYMENTS=off if this installation takes no card payments',
    );
    // An explicit PAYMENTS=on is no way round it.
    expect(refusal({ ...production, PAYMENTS: 'on' })).toContain(
      '- STRIPE_SECRET_KEY: STRIPE_SECRET_KEY is required in production; set PAYMENTS=off if this installation takes no card payments',
    );
    // PAYMENTS=off starts: test/membership/payments-off.int.test.ts runs such a server over HTTP.
    expect(parseEnv({ ...base, ...production, PAYMENTS: 'off' }).billing.mode).toBe('off');
    expect(
      parseEnv({
        ...base,
        ...production,
        STRIPE_SECRET_KEY: 'sk_live_abc',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      }).billing.mode,
    ).toBe('stripe');
    // Outside production no key still means the local test-mode checkout.
    expect(parseEnv({ ...base }).billing.mode).toBe('local');
    expect(refusal({ PAYMENTS: 'maybe' })).toContain("- PAYMENTS: PAYMENTS must be 'on' or 'off'");
    expect(refusal({ PAYMENTS: 'off', STRIPE_SECRET_KEY: 'sk_test_abc' })).toContain(
      '- PAYMENTS: PAYMENTS=off takes no card payments: unset STRIPE_SECRET_KEY, or set PAYMENTS=on',
    );
  });

  it('files go to local disk by default; S3 settings need a bucket and both keys (ADR 018)', () => {
    expect(parseEnv(base).s3).toBeNull();
    expect(refusal({ S3_ENDPOINT: 'http://minio:9000' })).toContain(
      '- S3_ENDPOINT: S3_ENDPOINT is set but S3_BUCKET is not',
    );
    const missingKeys = refusal({ S3_BUCKET: 'societas-files', S3_ACCESS_KEY_ID: 'key' });
    expect(missingKeys).toContain(
      '- S3_SECRET_ACCESS_KEY: S3_SECRET_ACCESS_KEY is required when S3_BUCKET is set',
    );
    expect(refusal({ S3_BUCKET: 'Not A Bucket!' })).toContain(
      '- S3_BUCKET: S3_BUCKET must be a bucket name like societas-files',
    );
    const s3 = { S3_BUCKET: 'societas-files', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(parseEnv({ ...base, ...s3 }).s3).toMatchObject({
      bucket: 'societas-files',
      region: 'us-east-1',
      forcePathStyle: false,
    });
    expect(
      parseEnv({
        ...base,
        ...s3,
        S3_ENDPOINT: 'http://minio:9000',
        S3_PUBLIC_ENDPOINT: 'http://localhost:9000',
      }).s3,
    ).toMatchObject({
      endpoint: 'http://minio:9000',
      publicEndpoint: 'http://localhost:9000',
      forcePathStyle: true,
    });
  });

  it('production needs an https PUBLIC_URL (Secure cookies), except on localhost', () => {
    // No Stripe account in these examples: PAYMENTS=off (see the next test).
    const production = { NODE_ENV: 'production', PAYMENTS: 'off' };
    expect(refusal({ ...production, PUBLIC_URL: 'http://members.example.org' })).toContain(
      '- PUBLIC_URL: PUBLIC_URL must start with https:// in production',
    );
    expect(
      parseEnv({ ...base, ...production, PUBLIC_URL: 'https://members.example.org' }).secureCookies,
    ).toBe(true);
    // The compose stack: production on http://localhost, where browsers keep Secure cookies.
    expect(parseEnv({ ...base, ...production, PUBLIC_URL: 'http://localhost:8080' }).secureCookies).toBe(
      true,
    );
    expect(parseEnv({ ...base, PUBLIC_URL: 'http://localhost:5173' }).secureCookies).toBe(false);
    expect(parseEnv({ ...base, PUBLIC_URL: 'https://dev.example.org' }).secureCookies).toBe(true);
  });

  it('reads TRUST_PROXY as false, true, or a list of proxy addresses/CIDRs/range names', () => {
    const trust = (v?: string) =>
      parseEnv({ ...base, ...(v === undefined ? {} : { TRUST_PROXY: v }) }).TRUST_PROXY;
    expect(trust()).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(true);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
    ]);
    expect(trust('loopback,uniquelocal')).toEqual(['loopback', 'uniquelocal']);
    for (const bad of ['yes', '2', '10.0.0.0/33', '10.0.0.0/8,nginx']) {
      expect(refusal({ TRUST_PROXY: bad }), bad).toContain('- TRUST_PROXY: TRUST_PROXY must be true, false');
    }
  });
});
