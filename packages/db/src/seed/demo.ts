import {
  type CareerStage,
  COUNTRIES,
  countryName,
  DEFAULT_DIRECTORY_VISIBILITY,
  type DirectoryVisibility,
  type IncomeBand,
} from '@societas/contracts';
import { type Insertable, type Kysely, sql } from 'kysely';
import { hashPassword } from '../passwords.js';
import type {
  CommitteeRole,
  CommitteeTermsTable,
  Database,
  JobStatus,
  JobsTable,
  MembershipEventsTable,
  PaymentsTable,
  RefundsTable,
  SpotlightStatus,
} from '../schema.js';
import { COMMITTEE_SEEDS, SPOTLIGHT_SEEDS, type SpotlightPerson } from './content.js';
import {
  CAREER_STAGE_WEIGHTS,
  COUNTRY_WEIGHTS,
  COVERAGE_COUNTRIES,
  CURRENCY_FACTOR,
  cultureFor,
  EMPLOYERS,
  type EmployerSeed,
  INSTITUTIONS,
  JOB_TOPICS,
  type JobTopic,
  NAME_CULTURES,
  RESEARCH_AREAS,
  SALARY_CURRENCY,
} from './data.js';
import {
  addDays,
  addMonthsToDate,
  addYears,
  asciiFold,
  DAY_MS,
  makeOrcid,
  monthStart,
  Random,
  seedUuid,
  slugify,
} from './random.js';
import { PLAN_SEEDS, type PlanSeed, planId, seedPrice, seedReferenceData } from './reference.js';
import { seedSocietySettings } from './society.js';

export { ensureReferenceData, seedReferenceData } from './reference.js';
export { DEMO_SOCIETY_SETTINGS } from './society.js';

/** Sign-in details for the demo (README, e2e tests). Never use these outside a demo database. */
export const DEMO_ACCOUNTS = {
  admin: {
    email: 'admin@societas.test',
    password: 'societas-admin',
    name: 'Ada Admin',
    description: 'Administrator: reports, members, refunds, committees and job review',
  },
  member: {
    email: 'member@societas.test',
    password: 'societas-member',
    name: 'Morgan Member',
    description: 'Member with an active Regular membership (renewed this year)',
  },
  chair: {
    email: 'chair@societas.test',
    password: 'societas-chair',
    name: 'Chris Chair',
    description: 'Active member who chairs the Membership Committee',
  },
  employer: {
    email: 'employer@societas.test',
    password: 'societas-employer',
    name: 'Elliot Employer',
    description: 'Employer user for Helix Biotherapeutics (job postings in every status)',
  },
} as const;

export type DemoAccountKey = keyof typeof DEMO_ACCOUNTS;

/** The password of every generated demo member (firstname.lastname.N@example.org). */
export const DEMO_MEMBER_PASSWORD = 'societas-member';
/** Generated members, besides the demo accounts. */
export const DEMO_MEMBER_COUNT = 300;
export const DEMO_JOB_COUNT = 600;
const SEED = 20_261_122;

export class DatabaseNotEmptyError extends Error {
  constructor() {
    super('Refusing to seed demo data: the database already has users. Seed only an empty database.');
    this.name = 'DatabaseNotEmptyError';
  }
}

export interface SeedSummary {
  users: number;
  /** Users with a membership history (generated members plus the demo member and chair). */
  members: number;
  countries: number;
  plans: number;
  planPrices: number;
  payments: number;
  refunds: number;
  membershipEvents: number;
  committees: number;
  committeeTerms: number;
  spotlights: number;
  employers: number;
  jobs: number;
  publishedJobs: number;
  /** Members by derived status at `now` (active: ends > 60 days away; window: within 60 days; ...). */
  membershipStatus: {
    active: number;
    renewalWindow: number;
    grace: number;
    lapsed: number;
    refunded: number;
  };
}

/** True when no user exists yet (a fresh install: the demo seed may run). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => eb.exists(eb.selectFrom('users').select(sql.lit(1).as('one'))).as('has_users'))
    .executeTakeFirstOrThrow();
  return !row.has_users;
}

export const demoUserId = (n: number) => `seed-user-${String(n).padStart(6, '0')}`;
const DEMO_IDS: Record<DemoAccountKey, string> = {
  admin: 'seed-user-admin',
  member: 'seed-user-member',
  chair: 'seed-user-chair',
  employer: 'seed-user-employer',
};

interface Person {
  id: string;
  name: string;
  firstName: string;
  email: string;
  country: string;
  band: IncomeBand;
  stage: CareerStage;
  institution: string;
  areas: string[];
  orcid: string | null;
  optOut: boolean;
  visibility: DirectoryVisibility;
  createdAt: Date;
  /** End of the last membership term (null: lifetime); undefined for non-members. */
  endsAt?: Date | null;
  refunded?: boolean;
}

type PaymentRow = Insertable<PaymentsTable> & { id: string; paid_at: Date; created_at: Date };
type EventRow = Insertable<MembershipEventsTable> & { created_at: Date };
type TermRow = Insertable<CommitteeTermsTable>;

const BAND_BY_COUNTRY = new Map(COUNTRIES.map((c) => [c.code, c.defaultBand]));
const PLAN_BY_CODE = new Map(PLAN_SEEDS.map((p) => [p.code, p]));
function plan(code: string): PlanSeed {
  const p = PLAN_BY_CODE.get(code);
  if (!p) throw new Error(`Unknown plan ${code}`);
  return p;
}

function bandOf(country: string): IncomeBand {
  const band = BAND_BY_COUNTRY.get(country);
  if (!band) throw new Error(`Unknown country ${country}`);
  return band;
}

function chunks<T>(rows: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A time of day, so events are not all at midnight. */
function withTime(random: Random, date: Date): Date {
  return new Date(date.getTime() + random.int(8 * 60, 20 * 60) * 60_000 + random.int(0, 59_999));
}

// ---------------------------------------------------------------------------------------------
// People

function makeVisibility(random: Random): DirectoryVisibility {
  const v: DirectoryVisibility = { ...DEFAULT_DIRECTORY_VISIBILITY };
  const roll = random.next();
  if (roll < 0.1) {
    v.institution = 'public';
    v.country = 'public';
    v.researchAreas = 'public';
  } else if (roll < 0.18) {
    v.orcid = 'hidden';
  } else if (roll < 0.22) {
    v.institution = 'hidden';
    v.careerStage = 'hidden';
  }
  return v;
}

function institutionFor(random: Random, country: string): string {
  const local = INSTITUTIONS.filter((i) => i.country === country);
  if (local.length > 0) return random.pick(local).name;
  const name = countryName(country).split(',')[0]!;
  return random.pick([`University of ${name}`, `${name} Institute of Biomedical Research`]);
}

function makePeople(): Person[] {
  const random = new Random(SEED);
  const people: Person[] = [];
  for (let i = 0; i < DEMO_MEMBER_COUNT; i++) {
    const n = i + 1;
    const country = i < COVERAGE_COUNTRIES.length ? COVERAGE_COUNTRIES[i]! : random.weighted(COUNTRY_WEIGHTS);
    const cultureKey = random.chance(0.75) ? cultureFor(country) : random.pick(Object.keys(NAME_CULTURES));
    const culture = NAME_CULTURES[cultureKey as keyof typeof NAME_CULTURES];
    const first = random.pick(culture.first);
    const last = random.pick(culture.last);
    const stage = random.weighted(CAREER_STAGE_WEIGHTS);
    const areas = random.sample(RESEARCH_AREAS, random.int(1, 4));
    const emailPart = (s: string) => asciiFold(s).replace(/[^a-z0-9-]/g, '');
    people.push({
      id: demoUserId(n),
      name: `${first} ${last}`,
      firstName: first,
      email: `${emailPart(first)}.${emailPart(last)}.${n}@example.org`,
      country,
      band: bandOf(country),
      stage,
      institution: institutionFor(random, country),
      areas,
      orcid: random.chance(0.45) ? makeOrcid(random) : null,
      optOut: random.chance(0.04),
      visibility: makeVisibility(random),
      createdAt: new Date(0), // set by the membership history
    });
  }
  return people;
}

function planCodeFor(random: Random, stage: CareerStage): string {
  switch (stage) {
    case 'student':
      return 'student';
    case 'postdoc':
      return 'postdoc';
    case 'industry':
      return 'industry';
    case 'emeritus':
      return 'emeritus';
    case 'non_scientist':
      return 'associate';
    case 'senior':
      return random.chance(0.06) ? 'lifetime' : 'regular';
    default:
      return random.chance(0.08) ? 'industry' : 'regular';
  }
}

// ---------------------------------------------------------------------------------------------
// Membership history

class Ledger {
  readonly payments: PaymentRow[] = [];
  readonly events: EventRow[] = [];
  readonly refunds: Insertable<RefundsTable>[] = [];
  private paymentCount = 0;
  private refundCount = 0;

  constructor(
    private readonly adminId: string,
    private readonly now: Date,
  ) {}

  membershipPayment(
    person: Person,
    planCode: string,
    termYears: number,
    paidAt: Date,
    kind: 'joined' | 'renewed',
    startsAt: Date,
  ): { payment: PaymentRow; endsAt: Date | null } {
    const p = plan(planCode);
    const term = p.isLifetime ? 0 : termYears;
    const endsAt = p.isLifetime ? null : addYears(startsAt, term);
    const amount = seedPrice(p, person.band, term);
    const label = p.isLifetime
      ? `${p.name} membership`
      : `${p.name} membership, ${term} year${term > 1 ? 's' : ''}`;
    const payment: PaymentRow = {
      id: seedUuid(`payment:${++this.paymentCount}`),
      user_id: person.id,
      kind: 'membership',
      status: 'paid',
      amount_minor: amount,
      currency: 'USD',
      refunded_minor: 0,
      description: kind === 'renewed' ? `${label} (renewal)` : label,
      plan_id: planId(planCode),
      term_years: term,
      paid_at: paidAt,
      created_at: paidAt,
    };
    this.payments.push(payment);
    this.events.push({
      user_id: person.id,
      kind,
      plan_id: planId(planCode),
      term_years: term,
      starts_at: startsAt,
      ends_at: endsAt,
      payment_id: payment.id,
      created_at: paidAt,
    });
    return { payment, endsAt };
  }

  comped(person: Person, planCode: string, termYears: number, at: Date, reason: string): Date {
    const endsAt = addYears(at, termYears);
    this.events.push({
      user_id: person.id,
      kind: 'comped',
      plan_id: planId(planCode),
      term_years: termYears,
      starts_at: at,
      ends_at: endsAt,
      actor_user_id: this.adminId,
      reason,
      created_at: at,
    });
    return endsAt;
  }

  refund(payment: PaymentRow, amount: number, at: Date, reason: string, endMembership: boolean): void {
    const refundedAt = at.getTime() > this.now.getTime() ? new Date(this.now.getTime() - 3_600_000) : at;
    payment.refunded_minor = amount;
    payment.status = amount >= payment.amount_minor ? 'refunded' : 'partially_refunded';
    this.refunds.push({
      id: seedUuid(`refund:${++this.refundCount}`),
      payment_id: payment.id,
      amount_minor: amount,
      reason,
      actor_user_id: this.adminId,
      created_at: refundedAt,
    });
    if (endMembership && payment.user_id) {
      this.events.push({
        user_id: payment.user_id,
        kind: 'refunded',
        plan_id: payment.plan_id ?? null,
        term_years: payment.term_years ?? null,
        ends_at: refundedAt,
        payment_id: payment.id,
        actor_user_id: this.adminId,
        reason,
        created_at: refundedAt,
      });
    }
  }
}

const TERM_WEIGHTS = [
  [1, 70],
  [2, 20],
  [3, 10],
] as const;

const COMP_REASONS = [
  'Honorary membership: plenary speaker at the annual meeting',
  'Travel award winner: complimentary membership',
  'Complimentary membership for a member of the Clinical Translation Task Force',
  'Hardship waiver approved by the Membership Committee',
];
const FULL_REFUND_REASONS = ['Duplicate payment', 'Joined by mistake; requested a refund within 14 days'];
const PARTIAL_REFUND_REASONS = [
  'Eligible for the trainee rate: refunded the difference',
  'Income band corrected after joining: refunded the difference',
];

/** Share of generated members who joined before the two years of reports (see simulateHistory). */
const ESTABLISHED_SHARE = 0.5;

function simulateHistory(random: Random, ledger: Ledger, people: Person[], now: Date): void {
  const window = 730;
  people.forEach((person, i) => {
    // A society has members from before the two years reports compare: about half joined one to
    // three years before that window and have been renewing (or lapsed) since, so the earlier year
    // has renewals and lapses like the later one. The rest joined evenly over the two years; the
    // first member joined two years ago so reports always have two full years of joins to show.
    const established = i !== 0 && random.chance(ESTABLISHED_SHARE);
    const joinedAt = withTime(
      random,
      addDays(
        now,
        -(established
          ? random.int(window, window + 3 * 365)
          : i === 0
            ? window - 1
            : random.int(2, window - 1)),
      ),
    );
    person.createdAt = new Date(joinedAt.getTime() - random.int(5, 90) * 60_000);
    let code = planCodeFor(random, person.stage);
    const roll = random.next();

    if (roll < 0.03 && code !== 'lifetime') {
      const term = random.int(1, 3);
      person.endsAt = ledger.comped(
        person,
        code === 'student' ? 'student' : 'regular',
        term,
        joinedAt,
        random.pick(COMP_REASONS),
      );
      return;
    }

    let term = code === 'lifetime' ? 0 : random.weighted(TERM_WEIGHTS);
    let { payment, endsAt } = ledger.membershipPayment(person, code, term, joinedAt, 'joined', joinedAt);
    person.endsAt = endsAt;

    if (roll < 0.05 && code !== 'lifetime' && joinedAt.getTime() < now.getTime() - 20 * DAY_MS) {
      ledger.refund(
        payment,
        payment.amount_minor,
        addDays(joinedAt, random.int(2, 14)),
        random.pick(FULL_REFUND_REASONS),
        true,
      );
      person.refunded = true;
      return;
    }
    if (roll < 0.08 && payment.amount_minor >= 2000) {
      const part = Math.round((payment.amount_minor * random.int(20, 50)) / 100 / 100) * 100;
      ledger.refund(
        payment,
        part,
        addDays(joinedAt, random.int(3, 20)),
        random.pick(PARTIAL_REFUND_REASONS),
        false,
      );
    }

    while (endsAt && endsAt.getTime() <= now.getTime() + 60 * DAY_MS) {
      if (!random.chance(0.8)) break; // lets it lapse
      // Most renew in the two months before the end; some only after a reminder in grace.
      const paidAt = withTime(random, addDays(endsAt, random.int(-58, 25)));
      if (paidAt.getTime() > now.getTime()) break; // has not renewed yet
      const p = plan(code);
      if (p.isTrainee && p.nextPlanCode && random.chance(0.3)) code = p.nextPlanCode;
      term = random.weighted(TERM_WEIGHTS);
      const startsAt = paidAt.getTime() > endsAt.getTime() ? paidAt : endsAt;
      ({ payment, endsAt } = ledger.membershipPayment(person, code, term, paidAt, 'renewed', startsAt));
      person.endsAt = endsAt;
    }
  });
}

function statusOf(person: Person, now: Date): keyof SeedSummary['membershipStatus'] | null {
  if (person.endsAt === undefined) return null;
  if (person.refunded) return 'refunded';
  if (person.endsAt === null) return 'active';
  const ms = person.endsAt.getTime() - now.getTime();
  if (ms > 60 * DAY_MS) return 'active';
  if (ms > 0) return 'renewalWindow';
  if (ms > -30 * DAY_MS) return 'grace';
  return 'lapsed';
}

function isCurrent(person: Person, now: Date): boolean {
  return !person.refunded && (person.endsAt === null || (person.endsAt !== undefined && person.endsAt > now));
}

// ---------------------------------------------------------------------------------------------
// Committees

function makeCommittees(random: Random, people: Person[], demo: Record<DemoAccountKey, Person>, now: Date) {
  const committees = COMMITTEE_SEEDS.map((c, i) => ({
    id: seedUuid(`committee:${c.slug}`),
    slug: c.slug,
    name: c.name,
    kind: c.kind,
    charge_md: c.charge,
    max_consecutive_terms: c.maxConsecutiveTerms,
    term_length_months: c.termLengthMonths,
    sort_order: i * 10,
    created_at: addDays(now, -900),
    updated_at: addDays(now, -900),
  }));

  const senior = people.filter(
    (p) => isCurrent(p, now) && ['senior', 'mid_career', 'early_career', 'industry'].includes(p.stage),
  );
  const trainees = people.filter((p) => isCurrent(p, now) && ['student', 'postdoc'].includes(p.stage));
  const terms: TermRow[] = [];
  let editorInChief: Person | undefined;

  const add = (
    committeeId: string,
    person: Person,
    role: CommitteeRole,
    start: string,
    end: string | null,
    notes?: string,
  ) =>
    terms.push({
      id: seedUuid(`committee_term:${terms.length}`),
      committee_id: committeeId,
      user_id: person.id,
      role,
      starts_on: start,
      ends_on: end,
      notes: notes ?? null,
      created_at: addDays(new Date(`${start}T00:00:00Z`), -30),
      updated_at: addDays(new Date(`${start}T00:00:00Z`), -30),
    });

  // Committees other than the board first, so the board can list the Editor-in-Chief ex officio.
  const order = [...committees.slice(1), committees[0]!];
  for (const committee of order) {
    const months = committee.term_length_months ?? 24;
    const pool = random.sample(
      senior.filter((p) => p.id !== demo.chair.id),
      20,
    );
    const take = () => pool.shift()!;
    const end = (start: string) => (committee.kind === 'task_force' ? null : addMonthsToDate(start, months));

    const chair = committee.slug === 'membership-committee' ? demo.chair : take();
    const chairStart =
      committee.slug === 'membership-committee'
        ? monthStart(now, -8)
        : monthStart(now, -random.int(3, months - 4));
    const chairNotes =
      committee.kind === 'board'
        ? 'President'
        : committee.kind === 'editorial'
          ? 'Editor-in-Chief'
          : undefined;
    if (committee.kind === 'editorial') editorInChief = chair;
    add(committee.id, chair, 'chair', chairStart, end(chairStart), chairNotes);
    // The previous chair, whose term ended when this one began.
    if (committee.kind !== 'task_force') {
      add(committee.id, take(), 'chair', addMonthsToDate(chairStart, -months), chairStart, chairNotes);
    }
    const viceStart = monthStart(now, -random.int(2, months - 2));
    add(
      committee.id,
      take(),
      'vice_chair',
      viceStart,
      end(viceStart),
      committee.kind === 'board' ? 'President-elect' : undefined,
    );

    const memberCount = committee.kind === 'board' ? 7 : random.int(4, 8);
    const boardNotes = ['Treasurer', 'Secretary'];
    for (let m = 0; m < memberCount; m++) {
      const start = monthStart(now, -random.int(1, months - 1));
      add(
        committee.id,
        take(),
        'member',
        start,
        end(start),
        committee.kind === 'board' ? boardNotes[m] : undefined,
      );
    }
    if (committee.slug === 'diversity-inclusion-committee' || committee.slug === 'education-committee') {
      const start = monthStart(now, -random.int(1, 10));
      add(
        committee.id,
        random.pick(trainees),
        'member',
        start,
        addMonthsToDate(start, 12),
        'Trainee representative',
      );
    }
    // Former members.
    for (let m = 0; committee.kind !== 'task_force' && m < random.int(2, 3); m++) {
      const start = monthStart(now, -random.int(months + 2, months * 2));
      add(committee.id, take(), 'member', start, addMonthsToDate(start, months));
    }
    // Incoming members (future-dated) on some committees.
    if (
      [
        'membership-committee',
        'publications-committee',
        'board-of-directors',
        'annual-meeting-program-committee',
      ].includes(committee.slug)
    ) {
      for (let m = 0; m < random.int(1, 2); m++) {
        const start = monthStart(now, random.int(1, 3));
        add(committee.id, take(), 'member', start, end(start), 'Incoming');
      }
    }
    if (committee.kind === 'board' && editorInChief) {
      add(
        committee.id,
        editorInChief,
        'ex_officio',
        chairStart,
        end(chairStart),
        'Editor-in-Chief, Stem Cell Reports',
      );
    }
    if (committee.kind === 'board' || committee.slug === 'membership-committee') {
      add(committee.id, demo.admin, 'staff_liaison', monthStart(now, -20), null, 'Executive Director');
    }
  }
  return { committees, terms };
}

// ---------------------------------------------------------------------------------------------
// Jobs

const POSITION_BY_SECTOR: Record<
  EmployerSeed['sector'],
  readonly (readonly [JobsTable['position_type'], number])[]
> = {
  academia: [
    ['postdoc', 40],
    ['phd', 18],
    ['faculty', 18],
    ['staff_scientist', 10],
    ['technician', 10],
    ['other', 4],
  ],
  non_profit: [
    ['postdoc', 35],
    ['phd', 10],
    ['faculty', 15],
    ['staff_scientist', 20],
    ['technician', 10],
    ['other', 10],
  ],
  government: [
    ['postdoc', 35],
    ['staff_scientist', 30],
    ['faculty', 10],
    ['technician', 15],
    ['other', 10],
  ],
  industry: [
    ['industry_rd', 60],
    ['staff_scientist', 10],
    ['technician', 15],
    ['postdoc', 5],
    ['other', 10],
  ],
};

const TITLES: Record<JobsTable['position_type'], readonly ((t: JobTopic) => string)[]> = {
  postdoc: [(t) => `Postdoctoral Fellow – ${t.label}`, (t) => `Postdoctoral Researcher in ${t.label}`],
  phd: [(t) => `PhD Position: ${t.label}`, (t) => `Fully Funded PhD Studentship in ${t.label}`],
  faculty: [
    (t) => `Assistant Professor – ${t.label}`,
    (t) => `Tenure-Track Group Leader, ${t.label}`,
    () => 'Associate Professor of Stem Cell Biology',
  ],
  staff_scientist: [(t) => `Staff Scientist, ${t.label}`, (t) => `Core Facility Manager – ${t.label}`],
  industry_rd: [
    (t) => `Scientist II, ${t.label}`,
    (t) => `Senior Scientist – ${t.label}`,
    (t) => `Principal Scientist, ${t.label}`,
  ],
  technician: [(t) => `Research Technician – ${t.label}`, () => 'Laboratory Technician, Stem Cell Culture'],
  other: [
    () => 'Scientific Program Manager',
    () => 'Science Communication Officer',
    () => 'Grants and Partnerships Lead',
  ],
};

const CAREER_STAGE_BY_POSITION: Record<JobsTable['position_type'], readonly (string | null)[]> = {
  postdoc: ['postdoc'],
  phd: ['student'],
  faculty: ['early_career', 'mid_career', 'senior'],
  staff_scientist: ['early_career', 'mid_career'],
  industry_rd: ['industry', 'early_career', 'mid_career'],
  technician: ['early_career', null],
  other: [null, 'mid_career'],
};

const SALARY_USD: Record<JobsTable['position_type'], readonly [number, number]> = {
  postdoc: [58_000, 75_000],
  phd: [32_000, 42_000],
  faculty: [105_000, 160_000],
  staff_scientist: [85_000, 115_000],
  industry_rd: [115_000, 175_000],
  technician: [45_000, 62_000],
  other: [60_000, 90_000],
};

const ROLE_SENTENCE: Record<JobsTable['position_type'], string> = {
  postdoc:
    'This postdoc position is funded for three years, with the possibility of extension, and suits a recent PhD graduate who wants to lead their own project.',
  phd: 'The PhD student will join our graduate programme, with a stipend, tuition covered and a thesis committee from the first year.',
  faculty:
    'We seek an independent investigator to establish a research group with start-up funds, laboratory space and access to our core facilities.',
  staff_scientist:
    'The staff scientist will run key platforms in the lab, train students and postdocs, and contribute to collaborative projects.',
  industry_rd:
    'You will design and run experiments in a cross-functional R&D team taking stem cell-derived products towards the clinic.',
  technician:
    'The technician will maintain stem cell cultures, prepare reagents and keep the laboratory running smoothly.',
  other:
    'The post holder will work with researchers, funders and the public to make our science useful and understood.',
};

const REQUIREMENTS: Record<JobsTable['position_type'], readonly string[]> = {
  postdoc: [
    'A PhD in stem cell biology, developmental biology or a related field',
    'First-author publications',
  ],
  phd: [
    "A master's degree or equivalent in biology, bioengineering or medicine",
    'Curiosity and persistence',
  ],
  faculty: ['A strong record of independent research', 'A vision for a fundable research programme'],
  staff_scientist: [
    'A PhD and at least three years of postdoctoral or industry experience',
    'Experience managing shared equipment',
  ],
  industry_rd: [
    'A PhD, or an MSc with relevant industry experience',
    'Experience with GMP or design of experiments is a plus',
  ],
  technician: ['A BSc in a life science', 'Experience with aseptic cell culture'],
  other: ['Excellent writing and organisation', 'A background in the life sciences'],
};

function jobDescription(
  random: Random,
  employer: EmployerSeed,
  position: JobsTable['position_type'],
  topic: JobTopic,
): string {
  const requirements = REQUIREMENTS[position];
  const skill = random.pick([
    'human iPSC culture and differentiation',
    'organoid culture',
    'flow cytometry and cell sorting',
    'CRISPR-based gene editing',
    'single-cell RNA-seq analysis in R or Python',
    'confocal and live-cell imaging',
    'mouse models and lineage tracing',
  ]);
  return `## About the role

${employer.name} in ${employer.city} is looking for a colleague to join a team working on ${topic.detail}.
${ROLE_SENTENCE[position]}

## What you will do

- Lead experiments on ${topic.label.toLowerCase()} from design to publication
- Work with clinicians, computational biologists and our core facilities
- Present your work at lab meetings and international conferences

## What we are looking for

${requirements.map((r) => `- ${r}`).join('\n')}
- Hands-on experience with ${skill}
- Good communication in English; no local language is required

## What we offer

- A collaborative, international environment
- Support for training, conferences and career development
- ${random.pick(['Flexible working hours', 'Relocation support', 'On-site childcare', 'Generous parental leave'])}`;
}

interface JobSpec {
  employer: number;
  position?: JobsTable['position_type'];
  topic?: number;
  status?: JobStatus;
  product?: 'standard' | 'featured';
}

/** Listings that must exist for the demo to show every case (search, employer dashboard, review queue). */
const FIXED_JOBS: readonly JobSpec[] = [
  { employer: 1, position: 'postdoc', topic: 0, status: 'published', product: 'featured' },
  { employer: 2, position: 'postdoc', topic: 2, status: 'published' },
  { employer: 3, position: 'postdoc', topic: 1, status: 'published' },
  { employer: 15, position: 'industry_rd', topic: 0, status: 'published' },
  { employer: 10, position: 'postdoc', topic: 0, status: 'published', product: 'featured' },
  { employer: 0, position: 'industry_rd', topic: 6, status: 'published', product: 'featured' },
  { employer: 0, position: 'staff_scientist', topic: 5, status: 'published' },
  { employer: 0, position: 'technician', topic: 3, status: 'pending_review' },
  { employer: 0, position: 'industry_rd', topic: 9, status: 'draft' },
  { employer: 0, position: 'industry_rd', topic: 7, status: 'pending_payment' },
  { employer: 0, position: 'industry_rd', topic: 3, status: 'expired' },
  { employer: 0, position: 'staff_scientist', topic: 10, status: 'filled' },
  { employer: 0, position: 'other', topic: 6, status: 'closed' },
  { employer: 0, position: 'industry_rd', topic: 12, status: 'rejected' },
];

/** Generated listings are spread over this many days (the two years reports compare). */
const JOB_HISTORY_DAYS = 730;
/** Listings whose run is over: most simply expired, some were closed or filled early. */
const ENDED_JOB_WEIGHTS: readonly (readonly [JobStatus, number])[] = [
  ['expired', 12],
  ['closed', 5],
  ['filled', 5],
];
/** Recent listings not yet on the board. */
const UNPUBLISHED_JOB_WEIGHTS: readonly (readonly [JobStatus, number])[] = [
  ['pending_review', 4],
  ['draft', 1],
  ['pending_payment', 1],
];

export const JOB_PRICE_MINOR = { standard: 29_500, featured: 49_500 } as const;

function makeJobs(random: Random, employerIds: string[], employerUserId: string, ledger: Ledger, now: Date) {
  const jobs: Insertable<JobsTable>[] = [];
  const specs: JobSpec[] = [...FIXED_JOBS];
  while (specs.length < DEMO_JOB_COUNT) specs.push({ employer: random.int(0, EMPLOYERS.length - 1) });

  specs.forEach((spec, i) => {
    const employer = EMPLOYERS[spec.employer]!;
    const position = spec.position ?? random.weighted(POSITION_BY_SECTOR[employer.sector]);
    const topic = JOB_TOPICS[spec.topic ?? random.int(0, JOB_TOPICS.length - 1)]!;
    const product = spec.product ?? (random.chance(0.15) ? 'featured' : 'standard');
    const listingDays = product === 'featured' ? 60 : 30;
    // Generated listings are posted evenly over the two years (as a real board's are), so the board
    // holds about as many live listings a year ago as now and job revenue is steady month to month;
    // a listing's status follows from when it ran. The fixed listings above keep their status.
    let postedAt: Date | null = null;
    let status: JobStatus;
    if (spec.status) status = spec.status;
    else if (random.chance(0.06)) status = random.weighted(UNPUBLISHED_JOB_WEIGHTS);
    else {
      postedAt = withTime(random, addDays(now, -random.int(0, JOB_HISTORY_DAYS - 1)));
      if (postedAt > now) postedAt = new Date(now.getTime() - 3_600_000);
      status =
        addDays(postedAt, listingDays) > now
          ? random.chance(0.9)
            ? 'published'
            : random.pick(['closed', 'filled'] as const)
          : random.weighted(ENDED_JOB_WEIGHTS);
    }
    const title = random.pick(TITLES[position])(topic);
    const id = seedUuid(`job:${i}`);

    let publishedAt: Date | null = null;
    let expiresAt: Date | null = null;
    let createdAt: Date;
    let updatedAt: Date;
    if (status === 'published') {
      publishedAt = postedAt ?? withTime(random, addDays(now, -random.int(0, listingDays - 2)));
      if (publishedAt > now) publishedAt = new Date(now.getTime() - 3_600_000);
      expiresAt = addDays(publishedAt, listingDays);
      createdAt = addDays(publishedAt, -random.int(1, 3));
      updatedAt = publishedAt;
    } else if (status === 'expired' || status === 'closed' || status === 'filled') {
      publishedAt = postedAt ?? withTime(random, addDays(now, -random.int(listingDays + 1, 420)));
      expiresAt = addDays(publishedAt, listingDays);
      createdAt = addDays(publishedAt, -random.int(1, 3));
      updatedAt = status === 'expired' ? expiresAt : addDays(publishedAt, random.int(5, listingDays - 1));
    } else {
      createdAt = withTime(random, addDays(now, -random.int(1, 6)));
      if (createdAt > now) createdAt = new Date(now.getTime() - 7_200_000);
      updatedAt = createdAt;
    }

    const currency = SALARY_CURRENCY[employer.country];
    let salaryMin: number | null = null;
    let salaryMax: number | null = null;
    if (currency && random.chance(0.55)) {
      const [lo, hi] = SALARY_USD[position];
      const factor = CURRENCY_FACTOR[currency] ?? 1;
      const step = factor >= 100 ? 100_000 : 1000;
      salaryMin = Math.round((lo * factor) / step) * step;
      salaryMax = Math.round((hi * factor) / step) * step;
    }
    let closingOn: string | null = null;
    if (publishedAt && random.chance(0.6)) {
      // A published listing still open for applications; older ones closed during their run.
      const closing =
        status === 'published'
          ? addDays(now, random.int(7, 60))
          : addDays(publishedAt, random.int(21, listingDays));
      closingOn = closing.toISOString().slice(0, 10);
    }
    const useUrl = random.chance(0.7);
    const slug = slugify(`${title}-${i + 1}`);
    const views = publishedAt ? random.int(20, 2500) : 0;

    jobs.push({
      id,
      employer_id: employerIds[spec.employer]!,
      title,
      employer_name: employer.name,
      description_md: jobDescription(random, employer, position, topic),
      position_type: position,
      sector: employer.sector,
      country_code: employer.country,
      city: employer.city,
      workplace: random.weighted<JobsTable['workplace']>([
        ['on_site', position === 'other' ? 40 : 78],
        ['hybrid', 18],
        ['remote', position === 'other' ? 25 : 4],
      ]),
      career_stage: random.pick(CAREER_STAGE_BY_POSITION[position]),
      salary_min: salaryMin,
      salary_max: salaryMax,
      salary_currency: salaryMin === null ? null : (currency ?? null),
      closing_on: closingOn,
      apply_url: useUrl ? `https://careers.${employer.domain}/jobs/${slug}` : null,
      apply_email: useUrl ? null : `jobs@${employer.domain}`,
      product,
      status,
      rejection_reason:
        status === 'rejected'
          ? 'The listing does not name the employer of record or the salary band required for this country.'
          : null,
      published_at: publishedAt,
      expires_at: expiresAt,
      views,
      apply_clicks: Math.floor(views * random.int(2, 9) * 0.01),
      created_at: createdAt,
      updated_at: updatedAt,
    });

    if (status !== 'draft' && status !== 'pending_payment') {
      const paidAt = new Date(createdAt.getTime() + random.int(2, 30) * 60_000);
      const payment: PaymentRow = {
        id: seedUuid(`job_payment:${i}`),
        user_id: spec.employer === 0 ? employerUserId : null,
        kind: 'job_posting',
        status: 'paid',
        amount_minor: JOB_PRICE_MINOR[product],
        currency: 'USD',
        refunded_minor: 0,
        description: `Job posting (${product}, ${listingDays} days): ${title}`,
        plan_id: null,
        term_years: null,
        job_id: id,
        paid_at: paidAt,
        created_at: paidAt,
      };
      ledger.payments.push(payment);
      if (status === 'rejected') {
        ledger.refund(payment, payment.amount_minor, addDays(paidAt, 1), 'Listing rejected in review', false);
      }
    }
  });
  return jobs;
}

// ---------------------------------------------------------------------------------------------
// Spotlights

function makeSpotlights(random: Random, people: Person[], now: Date) {
  const candidates = people.filter((p) => isCurrent(p, now) && !p.optOut);
  // Spread the stories across countries: one person per country where possible.
  const byCountry = new Map<string, Person>();
  for (const p of random.sample(candidates, candidates.length))
    if (!byCountry.has(p.country)) byCountry.set(p.country, p);
  const featured = [...byCountry.values()].slice(0, SPOTLIGHT_SEEDS.length);
  const statuses: SpotlightStatus[] = [
    'published',
    'published',
    'published',
    'published',
    'published',
    'published',
    'published',
    'published',
    'scheduled',
    'in_review',
    'nominated',
    'draft',
  ];
  return SPOTLIGHT_SEEDS.map((seed, i) => {
    const person = featured[i % featured.length]!;
    const sp: SpotlightPerson = {
      name: person.name,
      firstName: person.firstName,
      institution: person.institution,
      countryName: countryName(person.country),
      area: person.areas[0] ?? 'Stem cell biology',
    };
    const status = statuses[i] ?? 'draft';
    const title = seed.title(sp);
    const publishAt =
      status === 'published'
        ? withTime(random, addDays(now, -(5 + i * 38)))
        : status === 'scheduled'
          ? withTime(random, addDays(now, 7))
          : null;
    const createdAt = addDays(publishAt && publishAt < now ? publishAt : now, -random.int(10, 30));
    const nominator =
      status === 'nominated' ? random.pick(candidates.filter((c) => c.id !== person.id)) : null;
    return {
      id: seedUuid(`spotlight:${i}`),
      slug: slugify(title),
      title,
      standfirst: seed.standfirst(sp),
      body_md: seed.body(sp),
      photo_url: null,
      member_user_id: person.id,
      qa: JSON.stringify(seed.qa(sp)) as unknown as Array<{ question: string; answer: string }>,
      tags: [...seed.tags],
      status,
      publish_at: publishAt,
      nominated_by: nominator?.id ?? null,
      nomination_reason: nominator
        ? `${person.firstName} has run a free organoid methods course for five years and trained researchers from more than 30 countries.`
        : null,
      created_at: createdAt,
      updated_at: publishAt && publishAt < now ? publishAt : createdAt,
    };
  });
}

// ---------------------------------------------------------------------------------------------

function demoPeople(now: Date): Record<DemoAccountKey, Person> {
  const base = (key: DemoAccountKey, extra: Partial<Person>): Person => ({
    id: DEMO_IDS[key],
    name: DEMO_ACCOUNTS[key].name,
    firstName: DEMO_ACCOUNTS[key].name.split(' ')[0]!,
    email: DEMO_ACCOUNTS[key].email,
    country: 'US',
    band: 'high',
    stage: 'senior',
    institution: 'Societas',
    areas: [],
    orcid: null,
    optOut: false,
    visibility: { ...DEFAULT_DIRECTORY_VISIBILITY },
    createdAt: addDays(now, -760),
    ...extra,
  });
  return {
    admin: base('admin', { optOut: true, stage: 'non_scientist', institution: 'Societas Secretariat' }),
    member: base('member', {
      country: 'GB',
      stage: 'mid_career',
      institution: 'University of Edinburgh',
      areas: ['Organoids', 'Liver regeneration'],
      orcid: '0000-0002-1825-0097',
      createdAt: addDays(now, -401),
    }),
    chair: base('chair', {
      stage: 'senior',
      institution: 'Harvard Stem Cell Institute',
      areas: ['Hematopoiesis', 'Gene editing (CRISPR)', 'Aging and rejuvenation'],
      orcid: '0000-0001-5109-3700',
      createdAt: addDays(now, -691),
    }),
    employer: base('employer', { optOut: true, stage: 'industry', institution: 'Helix Biotherapeutics' }),
  };
}

/**
 * Fills an empty database with a deterministic demo society: reference data, the demo accounts,
 * ~300 members (half of them joined before the two years reports compare) with their payments,
 * committees, spotlights and a job board with two years of listings. Everything runs in
 * one transaction. Throws {@link DatabaseNotEmptyError} when users already exist.
 */
export async function seedDemo(
  db: Kysely<Database>,
  opts: {
    now?: Date;
    /**
     * Keeps an uploaded file's bytes in the installation's file store (disk or bucket), so the
     * demo student's proof of enrolment has its letter. Without it the proof is text only.
     */
    storeFile?: (key: string, bytes: Buffer, contentType: string) => Promise<void>;
  } = {},
): Promise<SeedSummary> {
  const now = opts.now ?? new Date();
  if (!(await isDatabaseEmpty(db))) throw new DatabaseNotEmptyError();

  // argon2 is deliberately slow: one hash per distinct password.
  const distinct = [
    ...new Set([...Object.values(DEMO_ACCOUNTS).map((a) => a.password), DEMO_MEMBER_PASSWORD]),
  ];
  const hashes = new Map(
    await Promise.all(distinct.map(async (pw) => [pw, await hashPassword(pw)] as const)),
  );
  const hashOf = (pw: string) => hashes.get(pw)!;

  const demo = demoPeople(now);
  const people = makePeople();
  const ledger = new Ledger(demo.admin.id, now);
  simulateHistory(new Random(SEED + 1), ledger, people, now);

  // The demo member: Regular, joined 400 days ago, renewed early 40 days ago.
  const joined = ledger.membershipPayment(
    demo.member,
    'regular',
    1,
    addDays(now, -400),
    'joined',
    addDays(now, -400),
  );
  const renewedAt = addDays(now, -40);
  demo.member.endsAt = ledger.membershipPayment(
    demo.member,
    'regular',
    1,
    renewedAt,
    'renewed',
    joined.endsAt! > renewedAt ? joined.endsAt! : renewedAt,
  ).endsAt;
  // The demo chair: Regular for two years, renewed for three in the renewal window.
  const chairJoined = ledger.membershipPayment(
    demo.chair,
    'regular',
    2,
    addDays(now, -690),
    'joined',
    addDays(now, -690),
  );
  demo.chair.endsAt = ledger.membershipPayment(
    demo.chair,
    'regular',
    3,
    addDays(now, -20),
    'renewed',
    chairJoined.endsAt!,
  ).endsAt;

  const members = [...people, demo.member, demo.chair];
  const everyone = [demo.admin, demo.member, demo.chair, demo.employer, ...people];
  const employerIds = EMPLOYERS.map((_, i) => seedUuid(`employer:${i}`));
  const jobs = makeJobs(new Random(SEED + 2), employerIds, demo.employer.id, ledger, now);
  const { committees, terms } = makeCommittees(new Random(SEED + 3), people, demo, now);
  const spotlights = makeSpotlights(new Random(SEED + 4), people, now);

  // Receipt numbers and event ids follow time, as they would have in production.
  const payments = [...ledger.payments].sort((a, b) => a.paid_at.getTime() - b.paid_at.getTime());
  const events = [...ledger.events].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());

  await db.transaction().execute(async (trx) => {
    // Serialise against sign-ups and a second seed started at the same time.
    await sql`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    if (!(await isDatabaseEmpty(trx))) throw new DatabaseNotEmptyError();

    await seedReferenceData(trx, addDays(now, -900));
    await seedSocietySettings(trx, addDays(now, -900));

    const password = (p: Person) =>
      Object.values(DEMO_ACCOUNTS).find((a) => a.email === p.email)?.password ?? DEMO_MEMBER_PASSWORD;
    for (const batch of chunks(everyone)) {
      await trx
        .insertInto('users')
        .values(
          batch.map((p) => ({
            id: p.id,
            name: p.name,
            email: p.email,
            email_verified: true,
            image: null,
            role: p.id === demo.admin.id ? ('admin' as const) : ('user' as const),
            created_at: p.createdAt,
            updated_at: p.createdAt,
          })),
        )
        .execute();
      await trx
        .insertInto('accounts')
        .values(
          batch.map((p) => ({
            id: `${p.id}-credential`,
            user_id: p.id,
            account_id: p.id,
            provider_id: 'credential',
            access_token: null,
            refresh_token: null,
            id_token: null,
            access_token_expires_at: null,
            refresh_token_expires_at: null,
            scope: null,
            password: hashOf(password(p)),
            created_at: p.createdAt,
            updated_at: p.createdAt,
          })),
        )
        .execute();
      await trx
        .insertInto('member_profiles')
        .values(
          batch.map((p) => ({
            user_id: p.id,
            institution: p.institution,
            country_code: p.country,
            career_stage: p.stage,
            research_areas: p.areas,
            orcid: p.orcid,
            directory_opt_out: p.optOut,
            visibility: p.visibility,
            created_at: p.createdAt,
            updated_at: p.createdAt,
          })),
        )
        .execute();
    }

    await trx
      .insertInto('employers')
      .values(
        EMPLOYERS.map((e, i) => ({
          id: employerIds[i]!,
          name: e.name,
          logo_url: null,
          billing_email: i === 0 ? DEMO_ACCOUNTS.employer.email : `accounts@${e.domain}`,
          created_at: addDays(now, -500 + i),
          updated_at: addDays(now, -500 + i),
        })),
      )
      .execute();
    await trx
      .insertInto('employer_users')
      .values({
        employer_id: employerIds[0]!,
        user_id: demo.employer.id,
        created_at: demo.employer.createdAt,
      })
      .execute();
    for (const batch of chunks(jobs, 200)) await trx.insertInto('jobs').values(batch).execute();

    for (const batch of chunks(payments)) await trx.insertInto('payments').values(batch).execute();
    if (ledger.refunds.length > 0) await trx.insertInto('refunds').values(ledger.refunds).execute();
    for (const batch of chunks(events)) await trx.insertInto('membership_events').values(batch).execute();

    await trx.insertInto('committees').values(committees).execute();
    for (const batch of chunks(terms)) await trx.insertInto('committee_terms').values(batch).execute();
    await trx.insertInto('spotlights').values(spotlights).execute();
  });
  // Card declines, for the failed-payment recovery report: most were paid three days later, some
  // (a year into the term) may never be.
  const { rows: declined } = await sql<{ n: number }>`
    WITH picked AS (
      SELECT p.user_id, p.amount_minor, p.currency, p.plan_id, p.term_years, p.paid_at,
        row_number() OVER (ORDER BY p.paid_at, p.id) AS rn
      FROM payments p
      WHERE p.kind = 'membership' AND p.status = 'paid' AND p.user_id IS NOT NULL AND p.paid_at IS NOT NULL),
    ins AS (
      INSERT INTO payments (user_id, kind, status, amount_minor, currency, plan_id, term_years, description, created_at)
      SELECT user_id, 'membership', 'failed', amount_minor, currency, plan_id, term_years, 'Card declined',
        CASE WHEN rn % 12 = 0 THEN paid_at - interval '3 days' ELSE paid_at + interval '330 days' END
      FROM picked
      WHERE rn % 12 = 0 OR (rn % 12 = 7 AND paid_at + interval '330 days' < ${now})
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`.execute(db);

  await seedDemoProof(db, people, now, opts.storeFile);

  // Report summaries (the worker refreshes them hourly): the demo's Reports page is filled at once.
  await sql`SELECT refresh_report_summaries(${now})`.execute(db);

  const membershipStatus = { active: 0, renewalWindow: 0, grace: 0, lapsed: 0, refunded: 0 };
  for (const m of members) {
    const status = statusOf(m, now);
    if (status) membershipStatus[status]++;
  }
  return {
    users: everyone.length,
    members: members.length,
    countries: new Set(members.map((m) => m.country)).size,
    plans: PLAN_SEEDS.length,
    planPrices: PLAN_SEEDS.reduce((n, p) => n + (p.isLifetime ? 4 : 12), 0),
    payments: payments.length + (declined[0]?.n ?? 0),
    refunds: ledger.refunds.length,
    membershipEvents: events.length,
    committees: committees.length,
    committeeTerms: terms.length,
    spotlights: spotlights.length,
    employers: employerIds.length,
    jobs: jobs.length,
    publishedJobs: jobs.filter((j) => j.status === 'published').length,
    membershipStatus,
  };
}

/** A small one-page PDF: the demo student's letter from their registrar. */
export function demoProofPdf(name: string): Buffer {
  const text = `(Registrar: ${name.replace(/[()\\]/g, '')} is enrolled in a PhD programme until June 2028.)`;
  const stream = `BT /F1 10 Tf 20 60 Td ${text} Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 120]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    `<</Length ${stream.length}>>stream\n${stream}\nendstream`,
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj${o}endobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * One pending proof of enrolment, so the admin's proof review has something to show: a current
 * student's, with an uploaded PDF when the caller gave a file store.
 */
async function seedDemoProof(
  db: Kysely<Database>,
  people: Person[],
  now: Date,
  storeFile: ((key: string, bytes: Buffer, contentType: string) => Promise<void>) | undefined,
) {
  const student = people.find((p) => p.stage === 'student' && isCurrent(p, now));
  const plan = await db.selectFrom('plans').select('id').where('code', '=', 'student').executeTakeFirst();
  if (!student || !plan) return;
  let fileId: string | null = null;
  if (storeFile) {
    fileId = seedUuid('file:demo-proof');
    const bytes = demoProofPdf(student.name);
    const storageKey = `proof/${fileId}.pdf`;
    await storeFile(storageKey, bytes, 'application/pdf');
    await db
      .insertInto('files')
      .values({
        id: fileId,
        owner_user_id: student.id,
        purpose: 'proof',
        visibility: 'private',
        content_type: 'application/pdf',
        size_bytes: bytes.length,
        storage_key: storageKey,
        created_at: addDays(now, -2),
      })
      .execute();
  }
  await db
    .insertInto('membership_proofs')
    .values({
      user_id: student.id,
      plan_id: plan.id,
      details: fileId
        ? 'Letter from the registrar attached.'
        : 'PhD student; supervisor can confirm by email.',
      file_id: fileId,
      expected_end_on: '2028-06-30',
      created_at: addDays(now, -2),
    })
    .execute();
}
