import { pageInput } from './common.js';
import { careerStageSchema, countryCodeSchema, DIRECTORY_FIELDS, visibilitySchema } from './profile.js';
import { z } from './zod.js';

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value === null ? undefined : value;

export const directorySearchInput = z
  .object({
    name: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
    institution: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
    countryCode: z.preprocess(emptyToUndefined, countryCodeSchema.optional()),
    researchArea: z.preprocess(emptyToUndefined, z.string().trim().max(60).optional()),
    careerStage: z.preprocess(emptyToUndefined, careerStageSchema.optional()),
  })
  .extend(pageInput.shape);
export type DirectorySearchInput = z.input<typeof directorySearchInput>;

/** A member as another viewer may see them: fields they may not see are null. */
export const directoryEntrySchema = z.object({
  userId: z.string(),
  name: z.string(),
  institution: z.string().nullable(),
  countryCode: z.string().nullable(),
  careerStage: careerStageSchema.nullable(),
  researchAreas: z.array(z.string()).nullable(),
  orcid: z.string().nullable(),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/** Directory results. Counting stops at `DIRECTORY_COUNT_CAP` so a broad search stays fast at 1M members. */
export const DIRECTORY_COUNT_CAP = 1_000;
export const directoryPageSchema = z.object({
  items: z.array(directoryEntrySchema),
  total: z.number(),
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
});

export const directoryFieldSchema = z.enum(DIRECTORY_FIELDS);
/** An admin lock fixes a field's visibility for every member (their own choice is ignored). */
export const directoryLockSchema = z.object({
  field: directoryFieldSchema,
  visibility: visibilitySchema,
  lockedAt: z.date(),
});
export type DirectoryLock = z.infer<typeof directoryLockSchema>;
export const setDirectoryLockInput = z.object({
  field: directoryFieldSchema,
  /** null removes the lock. */
  visibility: visibilitySchema.nullable(),
});

export const memberCardInput = z.object({ userId: z.string().min(1).max(64) });
/** A member's page: only the fields this viewer may see; `listed` true when they appear in the directory (active, not opted out). */
export const memberCardSchema = directoryEntrySchema.extend({ listed: z.boolean() });
export type MemberCard = z.infer<typeof memberCardSchema>;
