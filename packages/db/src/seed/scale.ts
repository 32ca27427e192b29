import { availableParallelism } from 'node:os';
import {
  COUNTRIES,
  countryName,
  DEFAULT_DIRECTORY_VISIBILITY,
  defaultIncomeBand,
  INCOME_BANDS,
} from '@societas/contracts';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { hashPassword } from '../passwords.js';
import type { Database } from '../schema.js';
import {
  CAREER_STAGE_WEIGHTS,
  COUNTRY_WEIGHTS,
  CURRENCY_FACTOR,
  EMPLOYERS,
  INSTITUTIONS,
  JOB_TOPICS,
  NAME_CULTURES,
  RESEARCH_AREAS,
  SALARY_CURRENCY,
} from './data.js';
import { asciiFold, Random } from './random.js';
import { seedReferenceData } from './reference.js';

/**
 * Benchmark-sized data (a million members, five million payments, a hundred thousand jobs) generated
 * inside PostgreSQL with INSERT ... SELECT over generate_series, so nothing large crosses the wire.
 * Every value is a deterministic function of the row number (hashint8extended), so two runs with the
 * same `now` produce the same data. Rows use their own id ranges (users 'scale-user-<n>', uuids
 * starting 5ca1e000-) and can sit beside the demo seed.
 */

export interface ScaleOptions {
  members: number;
  jobs: number;
  /** Membership payments (one per yearly term) per member; default 5. */
  paymentsPerMember?: number;
  /** Also insert credential accounts (password `societas-member`); default false. */
  withAccounts?: boolean;
  /** Members per INSERT statement; default 50,000. */
  batchSize?: number;
  /** Statements run at once; default: the number of CPUs (at most 4). */
  concurrency?: number;
  /**
   * Skip foreign-key trigger checks while loading (`session_replication_role = replica`, only possible
   * for a superuser; ignored otherwise). The rows are consistent by construction and this halves the
   * time. Default true.
   */
  skipForeignKeyChecks?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ScaleSummary {
  members: number;
  payments: number;
  membershipEvents: number;
  employers: number;
  jobs: number;
  elapsedMs: number;
}

export const SCALE_USER_PREFIX = 'scale-user-';
export const SCALE_PASSWORD = 'societas-member';

export class ScaleDataExistsError extends Error {
  constructor() {
    super(
      'Refusing to seed scale data: scale rows (users scale-user-*, scale employers) already exist. ' +
        'Run the scale seed against a fresh database.',
    );
    this.name = 'ScaleDataExistsError';
  }
}

/** Deterministic uuids for the scale rows: 5ca1e000-0000-4000-80<kind>-<n as 12 hex digits>. */
const UUID_KIND = { payment: '8000', employer: '8001', job: '8002' } as const;
export function scaleUuid(kind: keyof typeof UUID_KIND, n: number): string {
  return `5ca1e000-0000-4000-${UUID_KIND[kind]}-${n.toString(16).padStart(12, '0')}`;
}
function uuidSql(kind: keyof typeof UUID_KIND, n: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(${`5ca1e000-0000-4000-${UUID_KIND[kind]}-`}::text || lpad(to_hex(${n}), 12, '0'))::uuid`;
}

export async function hasScaleData(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM users WHERE id LIKE ${`${SCALE_USER_PREFIX}%`})
        OR EXISTS (SELECT 1 FROM employers WHERE id = ${scaleUuid('employer', 1)}::uuid) AS found
  `.execute(db);
  return rows[0]?.found ?? false;
}

// --- deterministic lookup arrays, passed to SQL as parameters --------------------------------------

function expand<T>(entries: readonly (readonly [T, number])[]): T[] {
  return entries.flatMap(([value, weight]) => Array.from({ length: weight }, () => value));
}

const emailPart = (s: string) => asciiFold(s).replace(/[^a-z0-9-]/g, '');

/**
 * The arrays every statement indexes into. Bands, plan ids and prices are read from the database
 * (so admin edits are respected) and flattened, so the big statements need no joins.
 */
async function lookups(db: Kysely<Database>) {
  const random = new Random(77);
  const firstNames = [...new Set(Object.values(NAME_CULTURES).flatMap((c) => [...c.first]))];
  const lastNames = [...new Set(Object.values(NAME_CULTURES).flatMap((c) => [...c.last]))];
  // Country slots: weighted towards the big research countries, with every country present.
  const countries = [
    ...expand(COUNTRY_WEIGHTS.map(([c, w]) => [c, w * 6] as const)),
    ...COUNTRIES.map((c) => c.code),
  ];
  const institutions = countries.map((code) => {
    const local = INSTITUTIONS.filter((i) => i.country === code);
    if (local.length > 0) return random.pick(local).name;
    return `University of ${countryName(code).split(',')[0]}`;
  });
  const stages = expand(CAREER_STAGE_WEIGHTS);
  const planByStage: Record<string, string> = {
    student: 'student',
    postdoc: 'postdoc',
    industry: 'industry',
    emeritus: 'emeritus',
    non_scientist: 'associate',
  };

  const bandRows = await db.selectFrom('country_income_bands').select(['country_code', 'band']).execute();
  const bandOf = new Map(bandRows.map((r) => [r.country_code, r.band]));
  const plans = await db.selectFrom('plans').select(['id', 'code', 'name']).orderBy('code').execute();
  const prices = await db
    .selectFrom('plan_prices')
    .select(['plan_id', 'income_band', 'amount_minor'])
    .where('term_years', '=', 1)
    .where('currency', '=', 'USD')
    .execute();
  const planIndex = new Map(plans.map((p, i) => [p.code, i + 1]));
  const price = new Map(prices.map((p) => [`${p.plan_id}:${p.income_band}`, p.amount_minor]));
  const stagePlan = stages.map((stage) => {
    const i = planIndex.get(planByStage[stage] ?? 'regular');
    if (!i) throw new Error(`The scale seed needs a plan with code "${planByStage[stage] ?? 'regular'}"`);
    return i;
  });
  // amounts[(plan - 1) * 4 + band]: the 1-year USD price of that plan in that band.
  const amounts = plans.flatMap((p) =>
    INCOME_BANDS.map((band) => {
      const amount = price.get(`${p.id}:${band}`);
      if (amount === undefined && stagePlan.includes(planIndex.get(p.code)!)) {
        throw new Error(`The scale seed needs a 1-year USD price for plan "${p.code}" in band "${band}"`);
      }
      return amount ?? 0;
    }),
  );
  return {
    firstNames,
    firstEmail: firstNames.map(emailPart),
    lastNames,
    lastEmail: lastNames.map(emailPart),
    countries,
    countryBand: countries.map(
      (code) => 1 + INCOME_BANDS.indexOf(bandOf.get(code) ?? defaultIncomeBand(code) ?? 'high'),
    ),
    institutions,
    stages,
    stagePlan,
    planIds: plans.map((p) => p.id),
    planNames: plans.map((p) => p.name),
    amounts,
    areas: [...RESEARCH_AREAS],
  };
}

type Lookups = Awaited<ReturnType<typeof lookups>>;

/** h(n, seed) in [0, 2^31): a deterministic hash of the row number. */
const h = (n: RawBuilder<unknown>, seed: number) =>
  sql<number>`(hashint8extended(${n}, ${sql.lit(seed)}) & 2147483647)`;
/** 1-based index into an array of `length` from h(n, seed). */
const idx = (n: RawBuilder<unknown>, seed: number, length: number) =>
  sql<number>`(1 + ${h(n, seed)} % ${sql.lit(length)})::int`;

/**
 * One row per member m in [a, b] with the attributes every statement derives from m. Members are
 * numbered in the order they joined (m / total runs from ~14 months ago to ~10 months ahead for the end
 * of the last term, give or take a few days), which is realistic and keeps each batch's index inserts
 * on payments.paid_at and membership_events.created_at close together: the seed runs ~2x faster.
 */
function memberSource(L: Lookups, a: number, b: number, years: number, now: Date, total: number) {
  const m = sql.ref('m');
  return sql`
    SELECT m,
      ${SCALE_USER_PREFIX}::text || m AS user_id,
      ${idx(m, 1, L.firstNames.length)} AS fi,
      ${idx(m, 2, L.lastNames.length)} AS li,
      ${idx(m, 3, L.countries.length)} AS ci,
      ${idx(m, 4, L.stages.length)} AS si,
      ${idx(m, 5, L.areas.length)} AS a1,
      ${h(m, 6)} AS h6,
      -- the end of the member's last yearly term: from ~14 months ago to ~10 months ahead
      ${now}::timestamptz + interval '300 days'
        - ((${sql.lit(total)} - m)::float8 / ${sql.lit(Math.max(total, 1))} * 730 + ${h(m, 7)} % 7) * interval '1 day'
        - (${h(m, 8)} % 86400) * interval '1 second' AS last_end,
      ${sql.lit(years)} AS years
    FROM generate_series(${a}::bigint, ${b}::bigint) AS m
  `;
}

async function insertMembers(
  db: Kysely<Database>,
  L: Lookups,
  a: number,
  b: number,
  years: number,
  now: Date,
  total: number,
  passwordHash: string | null,
): Promise<void> {
  const visibility = JSON.stringify(DEFAULT_DIRECTORY_VISIBILITY);
  const joined = sql`(s.last_end - make_interval(years => s.years) - interval '1 hour')`;
  await sql`
    WITH s AS (${memberSource(L, a, b, Math.max(years, 1), now, total)}),
    u AS (
      INSERT INTO users (id, name, email, email_verified, role, created_at, updated_at)
      SELECT s.user_id,
        (${L.firstNames}::text[])[s.fi] || ' ' || (${L.lastNames}::text[])[s.li],
        (${L.firstEmail}::text[])[s.fi] || '.' || (${L.lastEmail}::text[])[s.li] || '.' || s.m || '@scale.example.org',
        true, 'user', ${joined}, ${joined}
      FROM s
      RETURNING id
    )
    INSERT INTO member_profiles (user_id, institution, country_code, career_stage, research_areas, orcid,
      directory_opt_out, visibility, created_at, updated_at)
    SELECT s.user_id,
      (${L.institutions}::text[])[s.ci],
      (${L.countries}::text[])[s.ci],
      (${L.stages}::text[])[s.si],
      CASE WHEN s.h6 % 3 = 0 THEN ARRAY[(${L.areas}::text[])[s.a1]]
        ELSE ARRAY[(${L.areas}::text[])[s.a1], (${L.areas}::text[])[1 + (s.a1 + s.h6 % ${sql.lit(L.areas.length - 1)}) % ${sql.lit(L.areas.length)}]]
      END,
      NULL,
      s.h6 % 50 = 0,
      ${visibility}::jsonb,
      ${joined}, ${joined}
    FROM s
  `.execute(db);

  if (passwordHash) {
    await sql`
      INSERT INTO accounts (id, user_id, account_id, provider_id, password, created_at, updated_at)
      SELECT ${SCALE_USER_PREFIX}::text || m || '-credential', ${SCALE_USER_PREFIX}::text || m,
        ${SCALE_USER_PREFIX}::text || m, 'credential', ${passwordHash}::text, ${now}::timestamptz, ${now}::timestamptz
      FROM generate_series(${a}::bigint, ${b}::bigint) AS m
    `.execute(db);
  }
}

/** `years` yearly terms per member, each a paid payment and a joined/renewed ledger event. */
function paymentsSql(L: Lookups, a: number, b: number, years: number, now: Date, total: number) {
  const n = sql`((s.m - 1) * ${sql.lit(years)} + k + 1)`;
  return sql`
    WITH s AS (${memberSource(L, a, b, years, now, total)}),
    q AS (
      SELECT s.user_id, k, ${uuidSql('payment', n)} AS payment_id,
        s.last_end - make_interval(years => ${sql.lit(years)} - k) AS starts_at,
        s.last_end - make_interval(years => ${sql.lit(years - 1)} - k) AS ends_at,
        -- renewals are paid up to four weeks before the term starts
        s.last_end - make_interval(years => ${sql.lit(years)} - k)
          - CASE WHEN k = 0 THEN interval '0' ELSE (${h(n, 9)} % 28) * interval '1 day' END AS paid_at,
        (${L.stagePlan}::int[])[s.si] AS pi,
        (${L.countryBand}::int[])[s.ci] AS bi
      FROM s
      CROSS JOIN generate_series(0, ${sql.lit(years - 1)}) AS k
    ),
    p AS (
      INSERT INTO payments (id, user_id, kind, status, amount_minor, currency, description, plan_id, term_years,
        paid_at, created_at)
      SELECT payment_id, user_id, 'membership', 'paid', (${L.amounts}::int[])[(pi - 1) * 4 + bi], 'USD',
        (${L.planNames}::text[])[pi] || ' membership, 1 year' || CASE WHEN k > 0 THEN ' (renewal)' ELSE '' END,
        (${L.planIds}::uuid[])[pi], 1, paid_at, paid_at
      FROM q
      RETURNING id
    )
    INSERT INTO membership_events (user_id, kind, plan_id, term_years, starts_at, ends_at, payment_id, created_at)
    SELECT user_id, CASE WHEN k = 0 THEN 'joined' ELSE 'renewed' END, (${L.planIds}::uuid[])[pi], 1, starts_at,
      ends_at, payment_id, paid_at
    FROM q
  `;
}

// --- employers and jobs --------------------------------------------------------------------------

const INDUSTRY_PREFIXES = [
  'Northbridge',
  'Cellara',
  'Genexis',
  'Regenix',
  'Lumen',
  'Vireo',
  'Meridian',
  'Kestrel',
  'Tessera',
  'Halcyon',
  'Arbor',
  'Quanta',
  'Cairn',
  'Verity',
  'Orion',
  'Beacon',
  'Solstice',
  'Aurora',
  'Keystone',
  'Lattice',
];
const INDUSTRY_SUFFIXES = ['Therapeutics', 'Biosciences', 'Cell Sciences', 'Regenerative Medicine', 'Bio'];
const ACADEMIC_NAMES = [
  'Institute for Regenerative Medicine',
  'Stem Cell Center',
  'Center for Developmental Biology',
  'Institute of Molecular Medicine',
  'Cell Therapy Institute',
];

function scaleEmployers(count: number) {
  const random = new Random(99);
  return Array.from({ length: count }, (_, i) => {
    const base = EMPLOYERS[i % EMPLOYERS.length]!;
    const name =
      i < EMPLOYERS.length
        ? base.name
        : base.sector === 'industry'
          ? `${random.pick(INDUSTRY_PREFIXES)} ${random.pick(INDUSTRY_SUFFIXES)}`
          : `${base.city} ${random.pick(ACADEMIC_NAMES)}`;
    const currency = SALARY_CURRENCY[base.country] ?? null;
    return {
      id: scaleUuid('employer', i + 1),
      name,
      domain:
        i < EMPLOYERS.length ? base.domain : `${emailPart(name).slice(0, 24) || 'employer'}-${i + 1}.example`,
      country: base.country,
      city: base.city,
      sector: base.sector,
      industry: base.sector === 'industry',
      currency,
      factor: currency ? (CURRENCY_FACTOR[currency] ?? 1) : 1,
    };
  });
}

const POSITIONS = [
  'postdoc',
  'phd',
  'faculty',
  'staff_scientist',
  'industry_rd',
  'technician',
  'other',
] as const;
const POSITION_TITLE = [
  'Postdoctoral Fellow – ',
  'PhD Position: ',
  'Assistant Professor – ',
  'Staff Scientist, ',
  'Senior Scientist – ',
  'Research Technician – ',
  'Program Manager, ',
];
const POSITION_SENTENCE = [
  'This postdoc position is funded for three years and suits a recent PhD graduate.',
  'The PhD student will join our graduate programme with a full stipend.',
  'We seek an independent investigator to establish a research group.',
  'The staff scientist will run key platforms and train students and postdocs.',
  'You will design and run experiments in a cross-functional R&D team.',
  'The technician will maintain stem cell cultures and keep the laboratory running.',
  'The post holder will connect researchers, funders and the public.',
];
const POSITION_STAGE = ['postdoc', 'student', 'mid_career', 'mid_career', 'industry', 'early_career', null];
const POSITION_SALARY_USD = [
  [58_000, 75_000],
  [32_000, 42_000],
  [105_000, 160_000],
  [85_000, 115_000],
  [115_000, 175_000],
  [45_000, 62_000],
  [60_000, 90_000],
] as const;
// 1-based indexes into POSITIONS, weighted, for academic and industry employers.
const ACADEMIC_POSITIONS = expand<number>([
  [1, 40],
  [2, 18],
  [3, 18],
  [4, 10],
  [6, 10],
  [7, 4],
]);
const INDUSTRY_POSITIONS = expand<number>([
  [5, 60],
  [4, 10],
  [6, 15],
  [1, 5],
  [7, 10],
]);

async function insertEmployers(
  db: Kysely<Database>,
  employers: ReturnType<typeof scaleEmployers>,
  now: Date,
) {
  for (let i = 0; i < employers.length; i += 500) {
    await db
      .insertInto('employers')
      .values(
        employers.slice(i, i + 500).map((e) => ({
          id: e.id,
          name: e.name,
          logo_url: null,
          billing_email: `accounts@${e.domain}`,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

async function insertJobs(
  db: Kysely<Database>,
  employers: ReturnType<typeof scaleEmployers>,
  a: number,
  b: number,
  now: Date,
): Promise<void> {
  const j = sql.ref('j');
  const E = employers;
  await sql`
    WITH s AS (
      SELECT j, ${idx(j, 21, E.length)} AS ei, ${idx(j, 22, JOB_TOPICS.length)} AS ti,
        ${h(j, 23)} % 100 AS status_roll, ${h(j, 24)} AS h24, ${h(j, 25)} AS h25, ${h(j, 26)} AS h26
      FROM generate_series(${a}::bigint, ${b}::bigint) AS j
    ),
    t AS (
      SELECT s.*,
        CASE WHEN (${E.map((e) => e.industry)}::boolean[])[s.ei]
          THEN (${INDUSTRY_POSITIONS}::int[])[1 + s.h24 % ${sql.lit(INDUSTRY_POSITIONS.length)}]
          ELSE (${ACADEMIC_POSITIONS}::int[])[1 + s.h24 % ${sql.lit(ACADEMIC_POSITIONS.length)}]
        END AS pi,
        CASE WHEN s.status_roll < 85 THEN 'published' WHEN s.status_roll < 95 THEN 'expired'
          WHEN s.status_roll < 97 THEN 'closed' WHEN s.status_roll < 99 THEN 'filled' ELSE 'pending_review' END AS status,
        CASE WHEN s.h25 % 8 = 0 THEN 'featured' ELSE 'standard' END AS product
      FROM s
    ),
    u AS (
      SELECT t.*,
        CASE
          WHEN t.status = 'published' THEN
            ${now}::timestamptz - (t.h26 % CASE WHEN t.product = 'featured' THEN 58 ELSE 28 END) * interval '1 day'
              - (t.h26 % 80000) * interval '1 second'
          WHEN t.status = 'pending_review' THEN NULL
          ELSE ${now}::timestamptz - (61 + t.h26 % 600) * interval '1 day'
        END AS published_at,
        CASE WHEN t.product = 'featured' THEN interval '60 days' ELSE interval '30 days' END AS run
      FROM t
    )
    INSERT INTO jobs (id, employer_id, title, employer_name, description_md, position_type, sector, country_code,
      city, workplace, career_stage, salary_min, salary_max, salary_currency, apply_url, apply_email, product,
      status, published_at, expires_at, views, apply_clicks, created_at, updated_at)
    SELECT ${uuidSql('job', j)},
      (${E.map((e) => e.id)}::uuid[])[u.ei],
      (${POSITION_TITLE}::text[])[u.pi] || (${JOB_TOPICS.map((t) => t.label)}::text[])[u.ti],
      (${E.map((e) => e.name)}::text[])[u.ei],
      format(E'## About the role\n\n%s in %s is looking for a colleague to join a team working on %s.\n%s\n\n'
        '## What we are looking for\n\n- Experience in %s\n- Good communication in English\n',
        (${E.map((e) => e.name)}::text[])[u.ei], (${E.map((e) => e.city)}::text[])[u.ei],
        (${JOB_TOPICS.map((t) => t.detail)}::text[])[u.ti], (${POSITION_SENTENCE}::text[])[u.pi],
        lower((${JOB_TOPICS.map((t) => t.label)}::text[])[u.ti])),
      (${[...POSITIONS]}::text[])[u.pi],
      (${E.map((e) => e.sector)}::text[])[u.ei],
      (${E.map((e) => e.country)}::text[])[u.ei],
      (${E.map((e) => e.city)}::text[])[u.ei],
      CASE WHEN u.h25 % 20 = 1 THEN 'remote' WHEN u.h25 % 5 = 2 THEN 'hybrid' ELSE 'on_site' END,
      (${POSITION_STAGE}::text[])[u.pi],
      CASE WHEN u.h24 % 2 = 0 AND (${E.map((e) => e.currency)}::text[])[u.ei] IS NOT NULL
        THEN (round((${POSITION_SALARY_USD.map((r) => r[0])}::int[])[u.pi] * (${E.map((e) => e.factor)}::float8[])[u.ei] / 1000) * 1000)::int END,
      CASE WHEN u.h24 % 2 = 0 AND (${E.map((e) => e.currency)}::text[])[u.ei] IS NOT NULL
        THEN (round((${POSITION_SALARY_USD.map((r) => r[1])}::int[])[u.pi] * (${E.map((e) => e.factor)}::float8[])[u.ei] / 1000) * 1000)::int END,
      CASE WHEN u.h24 % 2 = 0 THEN (${E.map((e) => e.currency)}::text[])[u.ei] END,
      CASE WHEN u.h26 % 10 < 7 THEN 'https://careers.' || (${E.map((e) => e.domain)}::text[])[u.ei] || '/jobs/' || u.j END,
      CASE WHEN u.h26 % 10 >= 7 THEN 'jobs@' || (${E.map((e) => e.domain)}::text[])[u.ei] END,
      u.product, u.status, u.published_at, u.published_at + u.run,
      CASE WHEN u.published_at IS NULL THEN 0 ELSE u.h25 % 3000 END,
      CASE WHEN u.published_at IS NULL THEN 0 ELSE u.h25 % 120 END,
      coalesce(u.published_at, ${now}::timestamptz) - interval '2 days',
      coalesce(u.published_at, ${now}::timestamptz - interval '1 day')
    FROM u
  `.execute(db);
}

async function isSuperuser(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ su: boolean }>`SELECT current_setting('is_superuser') = 'on' AS su`.execute(
    db,
  );
  return rows[0]?.su ?? false;
}

// --- driver -------------------------------------------------------------------------------------

async function runConcurrently(tasks: Array<() => Promise<void>>, concurrency: number): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/**
 * Inserts `members` members (users, profiles, optional accounts), `paymentsPerMember` yearly paid terms
 * each (payments + membership_events), and `jobs` job listings from ~1 employer per 100 jobs.
 * Refuses with {@link ScaleDataExistsError} when scale rows already exist. Statements commit one batch
 * at a time, so an interrupted run leaves partial data: use a fresh database.
 */
export async function seedScale(db: Kysely<Database>, options: ScaleOptions): Promise<ScaleSummary> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const members = Math.max(0, Math.floor(options.members));
  const jobs = Math.max(0, Math.floor(options.jobs));
  const years = Math.max(0, Math.floor(options.paymentsPerMember ?? 5));
  const batch = Math.max(1, Math.floor(options.batchSize ?? 50_000));
  const concurrency = options.concurrency ?? Math.min(4, availableParallelism());
  const report = options.onProgress ?? (() => {});

  if (await hasScaleData(db)) throw new ScaleDataExistsError();
  await seedReferenceData(db, now);

  const L = await lookups(db);
  const passwordHash = options.withAccounts ? await hashPassword(SCALE_PASSWORD) : null;
  const employers = jobs > 0 ? scaleEmployers(Math.min(1000, Math.max(10, Math.ceil(jobs / 100)))) : [];

  // The closing steps (statistics, the directory summary, statistics again) count as 5% of the rows
  // each, so the bar reaches its end only when the seed has.
  const closingStep = Math.max(1, Math.ceil((members + jobs) / 20));
  const total = members + jobs + 2 * closingStep;
  let done = 0;
  report(0, total, 'starting');
  if (employers.length > 0) await insertEmployers(db, employers, now);

  const skipFk = (options.skipForeignKeyChecks ?? true) && (await isSuperuser(db));
  /** One batch = one transaction, so a member's rows commit together. */
  const inBatch = (work: (trx: Kysely<Database>) => Promise<void>) =>
    db.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      if (skipFk) await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await work(trx);
    });

  const tasks: Array<() => Promise<void>> = [];
  for (let a = 1; a <= members; a += batch) {
    const b = Math.min(members, a + batch - 1);
    tasks.push(async () => {
      await inBatch(async (trx) => {
        await insertMembers(trx, L, a, b, years, now, members, passwordHash);
        if (years > 0) await paymentsSql(L, a, b, years, now, members).execute(trx);
      });
      done += b - a + 1;
      report(done, total, 'members + payments');
    });
  }
  const jobBatch = Math.max(1, Math.floor(batch / 2));
  for (let a = 1; a <= jobs; a += jobBatch) {
    const b = Math.min(jobs, a + jobBatch - 1);
    tasks.push(async () => {
      await inBatch((trx) => insertJobs(trx, employers, a, b, now));
      done += b - a + 1;
      report(done, total, 'jobs');
    });
  }
  await runConcurrently(tasks, concurrency);

  // Statistics first: the summary rebuild below calls directory_benefits_until per member, whose
  // ledger query, planned without statistics (autovacuum off), walks the whole ledger per member.
  report(done, total, 'analyze');
  await sql`ANALYZE users, member_profiles, accounts, payments, membership_events, employers, jobs`.execute(
    db,
  );
  done += closingStep;

  // session_replication_role = replica also silences the ledger triggers that keep the directory's
  // membership summary (migration 310), so rebuild it for everyone from the ledger in one statement.
  report(done, total, 'directory membership summary');
  if (skipFk && members > 0) {
    await sql`
      INSERT INTO directory_membership (user_id, benefits_until)
      SELECT user_id, until FROM (
        SELECT DISTINCT e.user_id, directory_benefits_until(e.user_id) AS until FROM membership_events e
      ) s WHERE until IS NOT NULL
      ON CONFLICT (user_id) DO UPDATE SET benefits_until = EXCLUDED.benefits_until, updated_at = now()
    `.execute(db);
  }

  await sql`ANALYZE directory_membership`.execute(db);
  report(total, total, 'done');

  return {
    members,
    payments: members * years,
    membershipEvents: members * years,
    employers: employers.length,
    jobs,
    elapsedMs: Date.now() - started,
  };
}
