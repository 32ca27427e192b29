import { type Kysely, sql } from 'kysely';

/**
 * The API's in-memory job search (ADR 011) follows the database through notifications: a change
 * to a listing that is or was published sends its id on the `job_search` channel, and a new
 * employer logo sends `e:<employer id>`. NOTIFY is delivered at commit, so a listener never reads
 * a change before it is visible. View and apply counters, which change on every page view, do not
 * notify: search does not show them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION jobs_search_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'published' THEN PERFORM pg_notify('job_search', OLD.id::text); END IF;
        RETURN OLD;
      END IF;
      IF TG_OP = 'UPDATE' THEN
        IF OLD.status <> 'published' AND NEW.status <> 'published' THEN RETURN NEW; END IF;
        IF (OLD.status, OLD.title, OLD.employer_id, OLD.employer_name, OLD.description_md,
            OLD.position_type, OLD.sector, OLD.country_code, OLD.city, OLD.workplace, OLD.career_stage,
            OLD.salary_min, OLD.salary_max, OLD.salary_currency, OLD.closing_on, OLD.product,
            OLD.published_at, OLD.expires_at)
          IS NOT DISTINCT FROM
           (NEW.status, NEW.title, NEW.employer_id, NEW.employer_name, NEW.description_md,
            NEW.position_type, NEW.sector, NEW.country_code, NEW.city, NEW.workplace, NEW.career_stage,
            NEW.salary_min, NEW.salary_max, NEW.salary_currency, NEW.closing_on, NEW.product,
            NEW.published_at, NEW.expires_at)
        THEN RETURN NEW; END IF;
      ELSIF NEW.status <> 'published' THEN
        RETURN NEW;
      END IF;
      PERFORM pg_notify('job_search', NEW.id::text);
      RETURN NEW;
    END $$;
    CREATE TRIGGER jobs_search_notify AFTER INSERT OR UPDATE OR DELETE ON jobs
      FOR EACH ROW EXECUTE FUNCTION jobs_search_notify();

    CREATE FUNCTION employers_search_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('job_search', 'e:' || NEW.id::text);
      RETURN NEW;
    END $$;
    CREATE TRIGGER employers_search_notify AFTER UPDATE OF logo_url ON employers
      FOR EACH ROW WHEN (OLD.logo_url IS DISTINCT FROM NEW.logo_url)
      EXECUTE FUNCTION employers_search_notify();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS jobs_search_notify ON jobs;
    DROP TRIGGER IF EXISTS employers_search_notify ON employers;
    DROP FUNCTION IF EXISTS jobs_search_notify();
    DROP FUNCTION IF EXISTS employers_search_notify();
  `.execute(db);
}
