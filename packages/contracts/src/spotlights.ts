import { pageInput, pageOf } from './common.js';
import { z } from './zod.js';

export const SPOTLIGHT_STATUSES = [
  'nominated',
  'draft',
  'in_review',
  'scheduled',
  'published',
  'archived',
] as const;
export const spotlightStatusSchema = z.enum(SPOTLIGHT_STATUSES);
export type SpotlightStatus = z.infer<typeof spotlightStatusSchema>;
export const SPOTLIGHT_STATUS_LABELS: Record<SpotlightStatus, string> = {
  nominated: 'Nominated',
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  archived: 'Archived',
};

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

export const spotlightTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40, 'Keep each tag under 40 characters')
  .regex(/^[a-z0-9][a-z0-9 -]*$/, 'Use letters, digits, spaces and hyphens');

export const qaItemSchema = z.object({
  question: z.string().trim().min(1, 'Enter the question').max(300),
  answer: z.string().trim().min(1, 'Enter the answer').max(5000),
});

export const spotlightCardSchema = z.object({
  slug: z.string(),
  title: z.string(),
  standfirst: z.string(),
  photoUrl: z.string().nullable(),
  tags: z.array(z.string()),
  publishAt: z.date().nullable(),
  memberName: z.string().nullable(),
});
export type SpotlightCard = z.infer<typeof spotlightCardSchema>;

export const listSpotlightsInput = z
  .object({ tag: z.preprocess(emptyToNull, spotlightTagSchema.nullable()).optional() })
  .extend(pageInput.shape);
export const spotlightPageSchema = pageOf(spotlightCardSchema);

export const spotlightDetailSchema = spotlightCardSchema.extend({
  bodyHtml: z.string(),
  qa: z.array(z.object({ question: z.string(), answerHtml: z.string() })),
  /** `hasProfilePage` false when the member has no member page (opted out of the directory, or not a member). */
  member: z.object({ userId: z.string(), name: z.string(), hasProfilePage: z.boolean() }).nullable(),
  status: spotlightStatusSchema,
  /** True when shown before publication (to an admin or the featured member). */
  preview: z.boolean(),
});
export type SpotlightDetail = z.infer<typeof spotlightDetailSchema>;

export const nominateInput = z.object({
  memberUserId: z.string().min(1, 'Choose a member').max(64),
  reason: z.string().trim().min(20, 'Tell us a little more (at least 20 characters)').max(2000),
});
export const nomineeSearchInput = z.object({ q: z.string().trim().min(2).max(100) });
export const nomineeSchema = z.object({ userId: z.string(), name: z.string() });

export const spotlightFieldsInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, 'Use at least 3 characters')
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens'),
  title: z.string().trim().min(3, 'Enter a title').max(200),
  standfirst: z.string().trim().max(400, 'Keep the standfirst under 400 characters'),
  bodyMd: z.string().max(50_000),
  photoUrl: z.preprocess(
    emptyToNull,
    z
      .url({ protocol: /^https?$/, message: 'Enter an http(s) address' })
      .max(500)
      .nullable(),
  ),
  memberUserId: z.preprocess(emptyToNull, z.string().max(64).nullable()),
  qa: z.array(qaItemSchema).max(20),
  tags: z.array(spotlightTagSchema).max(10, 'At most 10 tags'),
});
export type SpotlightFieldsInput = z.input<typeof spotlightFieldsInput>;
export const updateSpotlightInput = spotlightFieldsInput.extend({ id: z.uuid() });
export const transitionSpotlightInput = z.object({
  id: z.uuid(),
  to: z.enum(['draft', 'in_review', 'scheduled', 'published', 'archived']),
  /** Required when scheduling; publishing now ignores it. */
  publishAt: z.date().nullable().optional(),
});

export const adminSpotlightListInput = z
  .object({ status: spotlightStatusSchema.nullable().optional() })
  .extend(pageInput.shape);
export const adminSpotlightRowSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: spotlightStatusSchema,
  publishAt: z.date().nullable(),
  memberName: z.string().nullable(),
  nominatedByName: z.string().nullable(),
  updatedAt: z.date(),
});
export const adminSpotlightPageSchema = pageOf(adminSpotlightRowSchema);
export const adminSpotlightSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  standfirst: z.string(),
  bodyMd: z.string(),
  photoUrl: z.string().nullable(),
  member: z.object({ userId: z.string(), name: z.string() }).nullable(),
  qa: z.array(z.object({ question: z.string(), answer: z.string() })),
  tags: z.array(z.string()),
  status: spotlightStatusSchema,
  publishAt: z.date().nullable(),
  nominatedByName: z.string().nullable(),
  nominationReason: z.string().nullable(),
});
export type AdminSpotlight = z.infer<typeof adminSpotlightSchema>;

/** Allowed workflow moves (admin). Publishing and scheduling are possible from draft or review. */
export const SPOTLIGHT_TRANSITIONS: Record<SpotlightStatus, readonly SpotlightStatus[]> = {
  nominated: ['draft', 'archived'],
  draft: ['in_review', 'scheduled', 'published', 'archived'],
  in_review: ['draft', 'scheduled', 'published', 'archived'],
  scheduled: ['draft', 'published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['draft'],
};

export const spotlightBySlugInput = z.object({ slug: z.string().trim().min(1).max(100) });
export const spotlightIdInput = z.object({ id: z.uuid('Not a valid spotlight id') });
