import { committeeIdInput } from '@societas/contracts';
import { AppError } from '../errors.js';
import { employerIdsFor, isCommitteeChair } from '../modules/accounts/index.js';
import { memberProcedure } from './init.js';

/**
 * "Chair of this committee": the input carries `committeeId`; a current chair or co-chair of that
 * committee (or an admin) passes. Procedures add their own fields with a further `.input()`.
 */
export const chairProcedure = memberProcedure.input(committeeIdInput).use(async ({ ctx, input, next }) => {
  if (ctx.user.role !== 'admin' && !(await isCommitteeChair(ctx.db, ctx.user.id, input.committeeId))) {
    throw new AppError('FORBIDDEN', "Only this committee's chair or an administrator can do that.");
  }
  return next();
});

/** A user who belongs to at least one employer organisation; `ctx.employerIds` lists them. */
export const employerProcedure = memberProcedure.use(async ({ ctx, next }) => {
  const employerIds = await employerIdsFor(ctx.db, ctx.user.id);
  if (employerIds.length === 0 && ctx.user.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'This is for employer accounts.');
  }
  return next({ ctx: { ...ctx, employerIds } });
});
