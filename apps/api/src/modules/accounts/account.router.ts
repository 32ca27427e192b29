import { profileSchema, updateProfileInput } from '@societas/contracts';
import { memberProcedure, router } from '../../trpc/init.js';
import { getProfile, updateProfile } from './account.service.js';

export const accountRouter = router({
  profile: memberProcedure.output(profileSchema).query(({ ctx }) => getProfile(ctx.db, ctx.user.id)),
  updateProfile: memberProcedure
    .input(updateProfileInput)
    .output(profileSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user.id, input, ctx.requestId)),
});
