import type { JobFieldsInput } from '@societas/contracts';
import type { JobsTable } from '@societas/db';
import type { Insertable } from 'kysely';
import type { TestApp } from '../harness.js';

let seq = 0;

export async function makeEmployer(app: Pick<TestApp, 'db'>, name = `Employer ${++seq}`, userId?: string) {
  const row = await app.db
    .insertInto('employers')
    .values({ name, billing_email: `billing${++seq}@example.org`, logo_url: 'https://example.org/logo.png' })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (userId)
    await app.db.insertInto('employer_users').values({ employer_id: row.id, user_id: userId }).execute();
  return row.id;
}

const DAY = 86_400_000;

/** A job row straight into the database (published and visible unless told otherwise). */
export async function makeJob(
  app: Pick<TestApp, 'db'>,
  employerId: string,
  overrides: Partial<Insertable<JobsTable>> & { daysAgo?: number } = {},
) {
  const { daysAgo = 1, ...rest } = overrides;
  const publishedAt = new Date(Date.now() - daysAgo * DAY);
  const employer = await app.db
    .selectFrom('employers')
    .select('name')
    .where('id', '=', employerId)
    .executeTakeFirstOrThrow();
  const row = await app.db
    .insertInto('jobs')
    .values({
      employer_id: employerId,
      employer_name: employer.name,
      title: 'Research scientist',
      description_md: 'A position in a friendly lab working on cells and tissues of many kinds.',
      position_type: 'staff_scientist',
      sector: 'academia',
      country_code: 'GB',
      city: 'London',
      workplace: 'on_site',
      status: 'published',
      published_at: publishedAt,
      expires_at: new Date(publishedAt.getTime() + 30 * DAY),
      apply_url: 'https://example.org/apply',
      ...rest,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A complete, valid listing for employer.saveListing (no salary, no closing date). */
export const LISTING_FIELDS: JobFieldsInput = {
  title: 'Staff scientist, mass spectrometry',
  descriptionMd:
    '## The role\n\nRun the **proteomics** core facility: instruments, methods and training for forty groups.',
  positionType: 'staff_scientist',
  sector: 'academia',
  countryCode: 'NL',
  city: 'Utrecht',
  workplace: 'on_site',
  careerStage: null,
  salaryMin: null,
  salaryMax: null,
  salaryCurrency: null,
  closingOn: null,
  applyUrl: 'https://example.org/apply',
  applyEmail: null,
};
