import {
  changePasswordInput,
  okSchema,
  requestPasswordResetInput,
  resendVerificationInput,
  resetPasswordInput,
  resetTokenStatusInput,
  resetTokenStatusSchema,
  sessionUserSchema,
  signInInput,
  signUpInput,
} from '@societas/contracts';
import { z } from 'zod';
import { memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import * as authService from './auth.service.js';
import { authContext } from './auth.service.js';

export const authRouter = router({
  session: publicProcedure.output(z.object({ user: sessionUserSchema.nullable() })).query(async ({ ctx }) => {
    if (!ctx.user) return { user: null };
    return { user: await authService.sessionUser(ctx.db, ctx.user) };
  }),
  signUp: publicProcedure
    .input(signUpInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => authService.signUp(authContext(ctx), input)),
  signIn: publicProcedure
    .input(signInInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => authService.signIn(authContext(ctx), input)),
  signOut: publicProcedure.output(okSchema).mutation(({ ctx }) => authService.signOut(authContext(ctx))),
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => authService.requestPasswordReset(authContext(ctx), input)),
  resetTokenStatus: publicProcedure
    .input(resetTokenStatusInput)
    .output(resetTokenStatusSchema)
    .query(({ ctx, input }) => authService.resetTokenStatus(authContext(ctx), input)),
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => authService.resetPassword(authContext(ctx), input)),
  resendVerification: publicProcedure
    .input(resendVerificationInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => authService.resendVerification(authContext(ctx), input)),
  changePassword: memberProcedure
    .input(changePasswordInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => authService.changePassword(authContext(ctx), ctx.user, input)),
});
