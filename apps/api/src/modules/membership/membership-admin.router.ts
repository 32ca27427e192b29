import {
  compInput,
  countryBandSchema,
  listProofsInput,
  memberBillingDetailSchema,
  membershipStateSchema,
  planSchema,
  planWithPricesSchema,
  proofSchema,
  refundInput,
  reviewProofInput,
  setCountryBandInput,
  setPriceInput,
  upsertPlanInput,
  userIdInput,
} from '@societas/contracts';
import { z } from 'zod';
import { adminProcedure, router } from '../../trpc/init.js';
import { refundPayment } from '../billing/checkout.service.js';
import {
  compMembership,
  getCountryBands,
  getMemberBillingDetail,
  listPlansWithPrices,
  saveCountryBand,
  savePlan,
  savePrice,
} from './membership.service.js';
import { proofsForReview, reviewProof } from './proofs.service.js';

/** Administrators: plans and prices, country bands, a member's ledger and payments, refunds, comps. */
export const membershipAdminRouter = router({
  plans: adminProcedure.output(z.array(planWithPricesSchema)).query(({ ctx }) => listPlansWithPrices(ctx.db)),
  savePlan: adminProcedure
    .input(upsertPlanInput)
    .output(planSchema)
    .mutation(({ ctx, input }) => savePlan(ctx.db, ctx.user, input, ctx.requestId)),
  setPrice: adminProcedure
    .input(setPriceInput)
    .output(z.array(planWithPricesSchema))
    .mutation(({ ctx, input }) => savePrice(ctx.db, ctx.user, input, ctx.requestId)),
  countryBands: adminProcedure.output(z.array(countryBandSchema)).query(({ ctx }) => getCountryBands(ctx.db)),
  setCountryBand: adminProcedure
    .input(setCountryBandInput)
    .mutation(({ ctx, input }) => saveCountryBand(ctx.db, ctx.user, input, ctx.requestId)),
  member: adminProcedure
    .input(userIdInput)
    .output(memberBillingDetailSchema)
    .query(({ ctx, input }) => getMemberBillingDetail(ctx.db, ctx.user, input.userId, ctx.requestId)),
  refund: adminProcedure
    .input(refundInput)
    .output(
      z.object({
        paymentId: z.string(),
        refundId: z.string(),
        amountMinor: z.number().int(),
        refundedMinor: z.number().int(),
        status: z.string(),
        memberEmail: z.string().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => refundPayment(ctx, ctx.user, input, ctx.requestId)),
  proofs: adminProcedure
    .input(listProofsInput)
    .output(z.array(proofSchema))
    .query(({ ctx, input }) => proofsForReview(ctx.db, ctx.user, input, ctx.requestId)),
  reviewProof: adminProcedure
    .input(reviewProofInput)
    .output(proofSchema)
    .mutation(({ ctx, input }) => reviewProof(ctx, ctx.user, input, ctx.requestId)),
  comp: adminProcedure
    .input(compInput)
    .output(membershipStateSchema)
    .mutation(({ ctx, input }) => compMembership(ctx.db, ctx.user, input, ctx.requestId)),
});
