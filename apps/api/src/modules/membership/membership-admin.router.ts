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
  savedCountryBandSchema,
  setCountryBandInput,
  setPriceInput,
  upsertPlanInput,
  userIdInput,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import type { Context } from '../../trpc/context.js';
import { adminProcedure, router } from '../../trpc/init.js';
import { billingContext, refundPayment } from '../billing/index.js';
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

const billing = (ctx: Context) => billingContext(requestContext(ctx));

/** Administrators: plans and prices, country bands, a member's ledger and payments, refunds, comps. */
export const membershipAdminRouter = router({
  plans: adminProcedure
    .output(z.array(planWithPricesSchema))
    .query(({ ctx }) => listPlansWithPrices(requestContext(ctx))),
  savePlan: adminProcedure
    .input(upsertPlanInput)
    .output(planSchema)
    .mutation(({ ctx, input }) => savePlan(requestContext(ctx), input)),
  setPrice: adminProcedure
    .input(setPriceInput)
    .output(z.array(planWithPricesSchema))
    .mutation(({ ctx, input }) => savePrice(requestContext(ctx), input)),
  countryBands: adminProcedure
    .output(z.array(countryBandSchema))
    .query(({ ctx }) => getCountryBands(requestContext(ctx))),
  setCountryBand: adminProcedure
    .input(setCountryBandInput)
    .output(savedCountryBandSchema)
    .mutation(({ ctx, input }) => saveCountryBand(requestContext(ctx), input)),
  member: adminProcedure
    .input(userIdInput)
    .output(memberBillingDetailSchema)
    .query(({ ctx, input }) => getMemberBillingDetail(requestContext(ctx), input.userId)),
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
    .mutation(({ ctx, input }) => refundPayment(billing(ctx), input)),
  proofs: adminProcedure
    .input(listProofsInput)
    .output(z.array(proofSchema))
    .query(({ ctx, input }) => proofsForReview(requestContext(ctx), input)),
  reviewProof: adminProcedure
    .input(reviewProofInput)
    .output(proofSchema)
    .mutation(({ ctx, input }) => reviewProof(billing(ctx), input)),
  comp: adminProcedure
    .input(compInput)
    .output(membershipStateSchema)
    .mutation(({ ctx, input }) => compMembership(requestContext(ctx), input)),
});
