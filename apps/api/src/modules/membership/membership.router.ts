import {
  checkoutStatusInput,
  checkoutStatusOutput,
  ledgerEntrySchema,
  membershipCardSchema,
  membershipStateSchema,
  noRenewTokenInput,
  paymentIdInput,
  paymentSummarySchema,
  planWithPricesSchema,
  proofSchema,
  quotesOutput,
  receiptSchema,
  setAutoRenewInput,
  startCheckoutInput,
  startCheckoutOutput,
  submitProofInput,
} from '@societas/contracts';
import { z } from 'zod';
import { memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import {
  cancelAutoRenewByToken,
  checkoutStatus,
  customerPortalUrl,
  setAutoRenew,
  startCheckout,
} from '../billing/checkout.service.js';
import {
  getLedger,
  getMemberCard,
  getMembershipState,
  getPayments,
  getQuotes,
  getReceipt,
  listPlansWithPrices,
} from './membership.service.js';
import { myProofs, submitProof } from './proofs.service.js';

/** The member's side of membership: plans and prices, status, history, checkout, receipts, card. */
export const membershipRouter = router({
  /** Active plans with every price (all bands and terms) for the public plans page. */
  plans: publicProcedure
    .output(z.array(planWithPricesSchema))
    .query(async ({ ctx }) => (await listPlansWithPrices(ctx.db)).filter((p) => p.active)),
  quotes: memberProcedure.output(quotesOutput).query(({ ctx }) => getQuotes(ctx.db, ctx.env, ctx.user.id)),
  status: memberProcedure
    .output(membershipStateSchema)
    .query(({ ctx }) => getMembershipState(ctx.db, ctx.user.id)),
  ledger: memberProcedure
    .output(z.array(ledgerEntrySchema))
    .query(({ ctx }) => getLedger(ctx.db, ctx.user.id)),
  payments: memberProcedure
    .output(z.array(paymentSummarySchema))
    .query(({ ctx }) => getPayments(ctx.db, ctx.user.id)),
  receipt: memberProcedure
    .input(paymentIdInput)
    .output(receiptSchema)
    .query(({ ctx, input }) => getReceipt(ctx.db, ctx.env, ctx.user, input.paymentId, ctx.requestId)),
  card: memberProcedure
    .output(membershipCardSchema)
    .query(({ ctx }) => getMemberCard(ctx.db, ctx.env, ctx.user.id)),
  startCheckout: memberProcedure
    .input(startCheckoutInput)
    .output(startCheckoutOutput)
    .mutation(({ ctx, input }) => startCheckout(ctx, ctx.user, input)),
  /**
   * Polled by the return page. A query although it may fulfil: fulfilment only applies what Stripe
   * already says happened (idempotent), so a replayed or cross-site GET can change nothing else.
   */
  checkoutStatus: memberProcedure
    .input(checkoutStatusInput)
    .output(checkoutStatusOutput)
    .query(({ ctx, input }) => checkoutStatus(ctx, ctx.user, input.sessionId)),
  setAutoRenew: memberProcedure
    .input(setAutoRenewInput)
    .output(membershipStateSchema)
    .mutation(({ ctx, input }) => setAutoRenew(ctx, ctx.user, input.enabled, ctx.requestId)),
  /** The "don't renew" link from the pre-charge email (no sign-in: the signed token decides). */
  cancelAutoRenewByToken: publicProcedure
    .input(noRenewTokenInput)
    .output(z.object({ autoRenew: z.boolean(), endsAt: z.date().nullable() }))
    .mutation(({ ctx, input }) => cancelAutoRenewByToken(ctx, input.token, ctx.requestId)),
  submitProof: memberProcedure
    .input(submitProofInput)
    .output(proofSchema)
    .mutation(({ ctx, input }) => submitProof(ctx.db, ctx.user, input)),
  proofs: memberProcedure.output(z.array(proofSchema)).query(({ ctx }) => myProofs(ctx.db, ctx.user.id)),
  billingPortal: memberProcedure
    .output(z.object({ url: z.url() }))
    .mutation(async ({ ctx }) => ({ url: await customerPortalUrl(ctx, ctx.user) })),
});
