import { pageInput, pageOf } from './common.js';
import { z } from './zod.js';

export const COMMITTEE_KINDS = ['board', 'standing', 'task_force', 'editorial'] as const;
export const committeeKindSchema = z.enum(COMMITTEE_KINDS);
export type CommitteeKind = z.infer<typeof committeeKindSchema>;
export const COMMITTEE_KIND_LABELS: Record<CommitteeKind, string> = {
  board: 'Board of directors',
  standing: 'Standing committees',
  task_force: 'Task forces',
  editorial: 'Editorial boards',
};

export const COMMITTEE_ROLES = [
  'chair',
  'co_chair',
  'vice_chair',
  'member',
  'ex_officio',
  'staff_liaison',
] as const;
export const committeeRoleSchema = z.enum(COMMITTEE_ROLES);
export type CommitteeRole = z.infer<typeof committeeRoleSchema>;
export const COMMITTEE_ROLE_LABELS: Record<CommitteeRole, string> = {
  chair: 'Chair',
  co_chair: 'Co-chair',
  vice_chair: 'Vice-chair',
  member: 'Member',
  ex_officio: 'Ex officio',
  staff_liaison: 'Staff liaison',
};
/** Roles shown as the committee's leadership. */
export const CHAIR_ROLES: readonly CommitteeRole[] = ['chair', 'co_chair'];

/** A calendar date as `YYYY-MM-DD` (terms are whole days). */
export const isoDateSchema = z.iso.date('Enter a date like 2026-01-31');

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

export const committeeSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Use at least 2 characters')
  .max(80, 'Use at most 80 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens');

export const committeeSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: committeeKindSchema,
  archived: z.boolean(),
  chairs: z.array(z.object({ userId: z.string(), name: z.string(), role: committeeRoleSchema })),
  memberCount: z.number(),
});
export type CommitteeSummary = z.infer<typeof committeeSummarySchema>;

export const listCommitteesInput = z.object({ includeArchived: z.boolean().default(false) }).default({
  includeArchived: false,
});

/** A term as the public sees it (no email, no membership status). */
export const publicTermSchema = z.object({
  termId: z.string(),
  userId: z.string(),
  name: z.string(),
  role: committeeRoleSchema,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  notes: z.string().nullable(),
});
export type PublicTerm = z.infer<typeof publicTermSchema>;

/** A term on the public page; `hasProfilePage` false for members who opted out of the directory. */
export const committeePageTermSchema = publicTermSchema.extend({ hasProfilePage: z.boolean() });
export type CommitteePageTerm = z.infer<typeof committeePageTermSchema>;

export const committeeDetailSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: committeeKindSchema,
  chargeMd: z.string(),
  chargeHtml: z.string(),
  maxConsecutiveTerms: z.number().nullable(),
  termLengthMonths: z.number().nullable(),
  sortOrder: z.number(),
  archived: z.boolean(),
  current: z.array(committeePageTermSchema),
  upcoming: z.array(committeePageTermSchema),
  past: z.array(committeePageTermSchema),
  /** True for a current chair or co-chair of this committee and for admins. */
  canManage: z.boolean(),
});
export type CommitteeDetail = z.infer<typeof committeeDetailSchema>;

export const committeeMembershipStatusSchema = z.enum(['active', 'lapsed', 'none']);
export const rosterEntrySchema = publicTermSchema.extend({
  email: z.string(),
  status: z.enum(['current', 'upcoming', 'past']),
  /** Membership (with grace) today: `active`, `lapsed`, or `none` (never a member). */
  membership: committeeMembershipStatusSchema,
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

/** How a roster (the page and its CSV) names a term's phase and a person's membership. */
export const TERM_STATUS_LABELS: Record<RosterEntry['status'], string> = {
  current: 'Current',
  upcoming: 'Upcoming',
  past: 'Ended',
};
export const ROSTER_MEMBERSHIP_LABELS: Record<RosterEntry['membership'], string> = {
  active: 'Active member',
  lapsed: 'Membership lapsed',
  none: 'Not a member',
};

const termFields = {
  role: committeeRoleSchema,
  startsOn: isoDateSchema,
  endsOn: z.preprocess(emptyToNull, isoDateSchema.nullable()),
  notes: z.preprocess(emptyToNull, z.string().trim().max(200, 'Use at most 200 characters').nullable()),
};
function endAfterStart(value: { startsOn: string; endsOn: string | null }, ctx: z.RefinementCtx) {
  if (value.endsOn !== null && value.endsOn <= value.startsOn) {
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be after the start date' });
  }
}

export const addTermInput = z
  .object({ committeeId: z.uuid(), userId: z.string().min(1, 'Choose a member'), ...termFields })
  .superRefine(endAfterStart);
export const updateTermInput = z
  .object({ committeeId: z.uuid(), termId: z.uuid(), ...termFields })
  .superRefine(endAfterStart);
export const endTermInput = z.object({ committeeId: z.uuid(), termId: z.uuid(), endsOn: isoDateSchema });
export const removeTermInput = z.object({ committeeId: z.uuid(), termId: z.uuid() });
export const rosterInput = z.object({ committeeId: z.uuid() });
export const memberSearchInput = z.object({
  committeeId: z.uuid(),
  q: z.string().trim().min(2, 'Type at least 2 characters').max(100),
});
export const memberOptionSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  institution: z.string().nullable(),
  membership: committeeMembershipStatusSchema,
});
export type MemberOption = z.infer<typeof memberOptionSchema>;

export const rosterCsvSchema = z.object({ filename: z.string(), csv: z.string() });

export const committeeHistoryInput = z.object({ committeeId: z.uuid() }).extend(pageInput.shape);
export const auditEntrySchema = z.object({
  id: z.number(),
  action: z.string(),
  actorName: z.string().nullable(),
  createdAt: z.date(),
  before: z.unknown(),
  after: z.unknown(),
});
export const committeeHistorySchema = pageOf(auditEntrySchema);
export type CommitteeAuditEntry = z.infer<typeof auditEntrySchema>;

export const committeeFieldsInput = z.object({
  slug: committeeSlugSchema,
  name: z.string().trim().min(2, 'Enter a name').max(120, 'Use at most 120 characters'),
  kind: committeeKindSchema,
  chargeMd: z.string().max(20_000, 'Keep the charge under 20,000 characters'),
  maxConsecutiveTerms: z.preprocess(
    emptyToNull,
    z.number().int().min(1, 'At least 1').max(10, 'At most 10').nullable(),
  ),
  termLengthMonths: z.preprocess(
    emptyToNull,
    z.number().int().min(1, 'At least 1 month').max(120, 'At most 120 months').nullable(),
  ),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
export type CommitteeFieldsInput = z.input<typeof committeeFieldsInput>;
export const createCommitteeInput = committeeFieldsInput;
export const updateCommitteeInput = committeeFieldsInput.extend({ committeeId: z.uuid() });
export const archiveCommitteeInput = z.object({ committeeId: z.uuid(), archived: z.boolean() });

export const serviceHistoryInput = z.object({ userId: z.string().min(1).max(64) });
export const serviceHistorySchema = z.object({
  userId: z.string(),
  name: z.string(),
  terms: z.array(
    z.object({
      termId: z.string(),
      committeeSlug: z.string(),
      committeeName: z.string(),
      role: committeeRoleSchema,
      startsOn: z.string(),
      endsOn: z.string().nullable(),
    }),
  ),
});
export type ServiceHistory = z.infer<typeof serviceHistorySchema>;

export const committeeBySlugInput = z.object({ slug: z.string().trim().min(1).max(80) });
/** What "chair of this committee" procedures carry; they add their own fields. */
export const committeeIdInput = z.object({ committeeId: z.uuid('Not a valid committee id') });
