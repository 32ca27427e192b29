import type { Locale, Profile, updateProfileInput } from '@societas/contracts';
import type { DB } from '@societas/db';
import type { z } from 'zod';
import { notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import { findProfile, updateUser, upsertProfile } from './account.repository.js';

export async function getProfile(db: DB, userId: string): Promise<Profile> {
  const profile = await findProfile(db, userId);
  if (!profile) throw notFound('Your account');
  return profile;
}

/** Name and profile change together or not at all; the change is audited with before and after. */
export async function updateProfile(
  db: DB,
  userId: string,
  input: z.output<typeof updateProfileInput>,
  requestId: string,
): Promise<Profile> {
  return db.transaction().execute(async (trx) => {
    const before = await findProfile(trx, userId);
    if (!before) throw notFound('Your account');
    await updateUser(trx, userId, { name: input.name });
    await upsertProfile(trx, userId, {
      institution: input.institution,
      countryCode: input.countryCode,
      careerStage: input.careerStage,
      researchAreas: [...new Set(input.researchAreas)],
      orcid: input.orcid,
      directoryOptOut: input.directoryOptOut,
      visibility: input.visibility,
    });
    const after = (await findProfile(trx, userId))!;
    await recordAudit(trx, {
      actorUserId: userId,
      action: 'profile.update',
      entityType: 'member_profile',
      entityId: userId,
      before,
      after,
      requestId,
    });
    return after;
  });
}

/** Saves the language the signed-in person chose; the web app applies it on their next visit too. */
export async function setLocale(ctx: ServiceContext, locale: Locale): Promise<{ locale: Locale }> {
  const actor = ctx.actor;
  if (!actor) throw notFound('Your account');
  await updateUser(ctx.db, actor.id, { locale });
  return { locale };
}
