import { type Kysely, sql } from 'kysely';

/**
 * Membership payments (issue 3): the link between our users and Stripe customers (we never match
 * by email), checkout attempts (the price is fixed when checkout starts; their id is the Stripe
 * idempotency key), our copy of each auto-renew subscription, Stripe-shaped objects of the local
 * test-mode checkout, and proofs of trainee status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE stripe_customers (
      user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      stripe_customer_id text NOT NULL UNIQUE,
      livemode boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE checkout_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      plan_id uuid NOT NULL REFERENCES plans(id),
      term_years integer NOT NULL CHECK (term_years BETWEEN 0 AND 3),
      action text NOT NULL CHECK (action IN ('join', 'renew', 'upgrade')),
      income_band text NOT NULL CHECK (income_band IN ('high', 'upper_middle', 'lower_middle', 'low')),
      currency char(3) NOT NULL,
      list_amount_minor integer NOT NULL CHECK (list_amount_minor >= 0),
      credit_minor integer NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
      amount_minor integer NOT NULL CHECK (amount_minor >= 0),
      auto_renew boolean NOT NULL DEFAULT false,
      stripe_session_id text UNIQUE,
      session_url text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'failed', 'expired')),
      payment_id uuid REFERENCES payments(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX checkout_attempts_user_idx ON checkout_attempts(user_id, created_at DESC);

    CREATE TABLE stripe_subscriptions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      plan_id uuid REFERENCES plans(id),
      status text NOT NULL,
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      current_period_end timestamptz,
      amount_minor integer,
      currency char(3),
      livemode boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX stripe_subscriptions_user_idx ON stripe_subscriptions(user_id);

    CREATE INDEX payments_payment_intent_idx ON payments(stripe_payment_intent_id);

    -- Stripe-shaped objects (sessions, subscriptions, refunds) of the local test-mode checkout used
    -- when no STRIPE_SECRET_KEY is configured. Kept in the database so any replica can serve them.
    CREATE TABLE local_stripe_objects (
      id text PRIMARY KEY,
      type text NOT NULL,
      data jsonb NOT NULL,
      -- The local checkout page's per-session form token (CSRF), never sent in API responses.
      secret text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE membership_proofs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      plan_id uuid NOT NULL REFERENCES plans(id),
      details text NOT NULL,
      expected_end_on date,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      reviewed_by text REFERENCES users(id) ON DELETE SET NULL,
      reviewed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX membership_proofs_user_idx ON membership_proofs(user_id, created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS membership_proofs, local_stripe_objects, stripe_subscriptions, checkout_attempts,
      stripe_customers CASCADE;
    DROP INDEX IF EXISTS payments_payment_intent_idx;
  `.execute(db);
}
