import { societySettingsSchema, updateSocietySettingsInput } from '@societas/contracts';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, publicProcedure, router } from '../../trpc/init.js';
import { societySettings, updateSocietySettings } from './settings.service.js';

export const settingsRouter = router({
  /** Public: every page shows the society's name, logo and colour, signed in or not. */
  get: publicProcedure.output(societySettingsSchema).query(({ ctx }) => societySettings(ctx)),
  update: adminProcedure
    .input(updateSocietySettingsInput)
    .output(societySettingsSchema)
    .mutation(({ ctx, input }) => updateSocietySettings(requestContext(ctx), input)),
});
