import { type Kysely, sql } from 'kysely';

/**
 * The spine: accounts (better-auth's tables, snake_case), profiles, mail outbox, audit log,
 * and the tables every capability issue builds on. Frozen: change the schema in a new migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id text PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL UNIQUE,
      email_verified boolean NOT NULL DEFAULT false,
      image text,
      role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      ip_address text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sessions_user_id_idx ON sessions(user_id);
    CREATE TABLE accounts (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      account_id text NOT NULL,
      provider_id text NOT NULL,
      access_token text,
      refresh_token text,
      id_token text,
      access_token_expires_at timestamptz,
      refresh_token_expires_at timestamptz,
      scope text,
      password text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX accounts_user_id_idx ON accounts(user_id);
    CREATE TABLE verifications (
      id text PRIMARY KEY,
      identifier text NOT NULL,
      value text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX verifications_identifier_idx ON verifications(identifier);
    -- Fixed-window counters for sign-in and reset throttling, shared by every API replica.
    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      count integer NOT NULL,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE SEQUENCE member_number_seq START 100001;
    CREATE TABLE member_profiles (
      user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      member_number bigint NOT NULL UNIQUE DEFAULT nextval('member_number_seq'),
      institution text,
      country_code char(2),
      career_stage text,
      research_areas text[] NOT NULL DEFAULT '{}',
      orcid text,
      directory_opt_out boolean NOT NULL DEFAULT false,
      visibility jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX member_profiles_country_idx ON member_profiles(country_code);
    CREATE INDEX member_profiles_career_stage_idx ON member_profiles(career_stage);

    CREATE TABLE email_outbox (
      id bigserial PRIMARY KEY,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text,
      kind text NOT NULL,
      dedupe_key text UNIQUE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      send_after timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX email_outbox_pending_idx ON email_outbox(send_after) WHERE status = 'pending';
    CREATE INDEX email_outbox_to_idx ON email_outbox(to_address, created_at DESC);

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      actor_user_id text REFERENCES users(id) ON DELETE SET NULL,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_log_entity_idx ON audit_log(entity_type, entity_id, created_at DESC);

    CREATE TABLE committees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('board', 'standing', 'task_force', 'editorial')),
      charge_md text NOT NULL DEFAULT '',
      max_consecutive_terms integer,
      term_length_months integer,
      sort_order integer NOT NULL DEFAULT 0,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE committee_terms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('chair', 'co_chair', 'vice_chair', 'member', 'ex_officio', 'staff_liaison')),
      starts_on date NOT NULL,
      ends_on date,
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on IS NULL OR ends_on > starts_on)
    );
    CREATE INDEX committee_terms_committee_idx ON committee_terms(committee_id, starts_on);
    CREATE INDEX committee_terms_user_idx ON committee_terms(user_id);

    CREATE TABLE country_income_bands (
      country_code char(2) PRIMARY KEY,
      band text NOT NULL CHECK (band IN ('high', 'upper_middle', 'lower_middle', 'low')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      requires_proof boolean NOT NULL DEFAULT false,
      is_trainee boolean NOT NULL DEFAULT false,
      next_plan_code text,
      is_lifetime boolean NOT NULL DEFAULT false,
      sort_order integer NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE plan_prices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      income_band text NOT NULL CHECK (income_band IN ('high', 'upper_middle', 'lower_middle', 'low')),
      term_years integer NOT NULL CHECK (term_years BETWEEN 0 AND 3),
      currency char(3) NOT NULL DEFAULT 'USD',
      amount_minor integer NOT NULL CHECK (amount_minor >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (plan_id, income_band, term_years, currency)
    );

    CREATE SEQUENCE receipt_number_seq START 1001;
    CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id text REFERENCES users(id) ON DELETE SET NULL,
      receipt_number text NOT NULL UNIQUE DEFAULT ('R' || lpad(nextval('receipt_number_seq')::text, 8, '0')),
      kind text NOT NULL CHECK (kind IN ('membership', 'job_posting')),
      status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'refunded', 'partially_refunded')),
      amount_minor integer NOT NULL CHECK (amount_minor >= 0),
      currency char(3) NOT NULL DEFAULT 'USD',
      refunded_minor integer NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
      description text NOT NULL DEFAULT '',
      plan_id uuid REFERENCES plans(id),
      term_years integer,
      job_id uuid,
      stripe_checkout_session_id text UNIQUE,
      stripe_payment_intent_id text,
      stripe_invoice_id text UNIQUE,
      paid_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payments_user_idx ON payments(user_id, created_at DESC);
    CREATE INDEX payments_paid_at_idx ON payments(paid_at);
    CREATE TABLE refunds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      payment_id uuid NOT NULL REFERENCES payments(id),
      amount_minor integer NOT NULL CHECK (amount_minor > 0),
      reason text,
      stripe_refund_id text UNIQUE,
      actor_user_id text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX refunds_payment_idx ON refunds(payment_id);

    CREATE TABLE membership_events (
      id bigserial PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('joined', 'renewed', 'upgraded', 'comped', 'refunded', 'ended',
        'auto_renew_on', 'auto_renew_off', 'proof_approved', 'proof_rejected')),
      plan_id uuid REFERENCES plans(id),
      term_years integer,
      starts_at timestamptz,
      ends_at timestamptz,
      payment_id uuid REFERENCES payments(id),
      actor_user_id text REFERENCES users(id) ON DELETE SET NULL,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX membership_events_user_idx ON membership_events(user_id, id);
    CREATE INDEX membership_events_created_idx ON membership_events(created_at);

    CREATE TABLE stripe_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      livemode boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE spotlights (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE,
      title text NOT NULL,
      standfirst text NOT NULL DEFAULT '',
      body_md text NOT NULL DEFAULT '',
      photo_url text,
      member_user_id text REFERENCES users(id) ON DELETE SET NULL,
      qa jsonb NOT NULL DEFAULT '[]'::jsonb,
      tags text[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('nominated', 'draft', 'in_review', 'scheduled', 'published', 'archived')),
      publish_at timestamptz,
      nominated_by text REFERENCES users(id) ON DELETE SET NULL,
      nomination_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX spotlights_published_idx ON spotlights(publish_at DESC) WHERE status IN ('published', 'scheduled');

    CREATE TABLE employers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      logo_url text,
      billing_email text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE employer_users (
      employer_id uuid NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (employer_id, user_id)
    );
    CREATE INDEX employer_users_user_idx ON employer_users(user_id);

    CREATE TABLE jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      employer_id uuid NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
      title text NOT NULL,
      employer_name text NOT NULL,
      description_md text NOT NULL,
      position_type text NOT NULL CHECK (position_type IN ('faculty', 'postdoc', 'phd', 'staff_scientist', 'industry_rd', 'technician', 'other')),
      sector text NOT NULL CHECK (sector IN ('academia', 'industry', 'non_profit', 'government')),
      country_code char(2) NOT NULL,
      city text NOT NULL DEFAULT '',
      workplace text NOT NULL CHECK (workplace IN ('remote', 'hybrid', 'on_site')),
      career_stage text,
      salary_min integer,
      salary_max integer,
      salary_currency char(3),
      closing_on date,
      apply_url text,
      apply_email text,
      product text NOT NULL DEFAULT 'standard' CHECK (product IN ('standard', 'featured')),
      status text NOT NULL CHECK (status IN ('draft', 'pending_payment', 'pending_review', 'published', 'rejected', 'expired', 'closed', 'filled')),
      rejection_reason text,
      published_at timestamptz,
      expires_at timestamptz,
      views integer NOT NULL DEFAULT 0,
      apply_clicks integer NOT NULL DEFAULT 0,
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(employer_name, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(description_md, '')), 'C')
      ) STORED,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX jobs_search_idx ON jobs USING gin(search);
    CREATE INDEX jobs_published_idx ON jobs(published_at DESC, id) WHERE status = 'published';
    CREATE INDEX jobs_employer_idx ON jobs(employer_id);
    ALTER TABLE payments ADD CONSTRAINT payments_job_fk FOREIGN KEY (job_id) REFERENCES jobs(id) ON DELETE SET NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS jobs, employer_users, employers, spotlights, stripe_events, membership_events,
      refunds, payments, plan_prices, plans, country_income_bands, committee_terms, committees, audit_log,
      email_outbox, member_profiles, rate_limits, verifications, accounts, sessions, users CASCADE;
    DROP SEQUENCE IF EXISTS member_number_seq, receipt_number_seq;
  `.execute(db);
}
