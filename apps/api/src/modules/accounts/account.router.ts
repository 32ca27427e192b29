import { localeSchema, profileSchema, setLocaleInput, updateProfileInput } from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { memberProcedure, router } from '../../trpc/init.js';
import { getProfile, setLocale, updateProfile } from './account.service.js';

export const accountRouter = router({
  profile: memberProcedure.output(profileSchema).query(({ ctx }) => getProfile(ctx.db, ctx.user.id)),
  updateProfile: memberProcedure
    .input(updateProfileInput)
    .output(profileSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user.id, input, ctx.requestId)),
  setLocale: memberProcedure
    .input(setLocaleInput)
    .output(z.object({ locale: localeSchema }))
    .mutation(({ ctx, input }) => setLocale(requestContext(ctx), input.locale)),
});
