import { type Kysely, sql } from 'kysely';

/**
 * A listing leaves the board when its closing date passes, through the one expiry every visibility
 * check already reads: the stored `expires_at` never runs past the end of the closing day (UTC).
 * `run_ends_at` keeps the end of the paid run as written (approval, renewal), so moving the closing
 * date later gives the listing back the rest of its run. Any write of expires_at or closing_on goes
 * through the trigger; nothing in the application computes the cap.
 *
 * Takedowns are recorded on the listing (when and why), so an admin can restore one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE jobs
      ADD COLUMN run_ends_at timestamptz,
      ADD COLUMN taken_down_at timestamptz,
      ADD COLUMN takedown_reason text;
    UPDATE jobs SET run_ends_at = expires_at;
    -- Listings already live past their closing date leave the board now (before the trigger
    -- exists, so run_ends_at keeps the paid run).
    UPDATE jobs SET expires_at = ((closing_on + 1)::timestamp AT TIME ZONE 'UTC')
      WHERE closing_on IS NOT NULL AND expires_at > ((closing_on + 1)::timestamp AT TIME ZONE 'UTC');

    CREATE FUNCTION jobs_cap_expiry_at_closing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.expires_at IS DISTINCT FROM OLD.expires_at THEN
        NEW.run_ends_at := NEW.expires_at;
      END IF;
      NEW.expires_at := CASE
        WHEN NEW.closing_on IS NULL OR NEW.run_ends_at IS NULL THEN NEW.run_ends_at
        ELSE least(NEW.run_ends_at, ((NEW.closing_on + 1)::timestamp AT TIME ZONE 'UTC'))
      END;
      RETURN NEW;
    END $$;
    CREATE TRIGGER jobs_cap_expiry_at_closing BEFORE INSERT OR UPDATE OF expires_at, closing_on ON jobs
      FOR EACH ROW EXECUTE FUNCTION jobs_cap_expiry_at_closing();

  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS jobs_cap_expiry_at_closing ON jobs;
    DROP FUNCTION IF EXISTS jobs_cap_expiry_at_closing();
    UPDATE jobs SET expires_at = run_ends_at WHERE run_ends_at IS NOT NULL;
    ALTER TABLE jobs DROP COLUMN run_ends_at, DROP COLUMN taken_down_at, DROP COLUMN takedown_reason;
  `.execute(db);
}
