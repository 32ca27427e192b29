import {
  checkoutStatusInput,
  checkoutStatusOutput,
  ledgerEntrySchema,
  memberStatusOutput,
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
  setupAutoRenewInput,
  startCheckoutInput,
  startCheckoutOutput,
  submitProofInput,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import type { Context } from '../../trpc/context.js';
import { memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import { billingContext, billingPortalAvailable, cardPayments, customerPortalUrl } from '../billing/index.js';
import { cancelAutoRenewByToken, setAutoRenew } from './auto-renew.service.js';
import { checkoutStatus, setupAutoRenew, startCheckout } from './membership.checkout.js';
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

/** The service context of a request, with the payment gateway. */
const billing = (ctx: Context) => billingContext(requestContext(ctx));

/** The member's side of membership: plans and prices, status, history, checkout, receipts, card. */
export const membershipRouter = router({
  /** Active plans with every price (all bands and terms) for the public plans page. */
  plans: publicProcedure
    .output(z.array(planWithPricesSchema))
    .query(async ({ ctx }) => (await listPlansWithPrices(requestContext(ctx))).filter((p) => p.active)),
  quotes: memberProcedure
    .output(quotesOutput)
    .query(({ ctx }) => getQuotes(requestContext(ctx), ctx.user.id)),
  /** The member's status, and whether "Manage card / billing" can open a billing portal here. */
  status: memberProcedure.output(memberStatusOutput).query(async ({ ctx }) => {
    const c = billing(ctx);
    return {
      ...(await getMembershipState(c.db, ctx.user.id, c.now)),
      billingPortalAvailable: billingPortalAvailable(c),
      cardPayments: cardPayments(c),
    };
  }),
  ledger: memberProcedure
    .output(z.array(ledgerEntrySchema))
    .query(({ ctx }) => getLedger(requestContext(ctx), ctx.user.id)),
  payments: memberProcedure
    .output(z.array(paymentSummarySchema))
    .query(({ ctx }) => getPayments(requestContext(ctx), ctx.user.id)),
  receipt: memberProcedure
    .input(paymentIdInput)
    .output(receiptSchema)
    .query(({ ctx, input }) => getReceipt(requestContext(ctx), input.paymentId)),
  card: memberProcedure
    .output(membershipCardSchema)
    .query(({ ctx }) => getMemberCard(requestContext(ctx), ctx.user.id)),
  startCheckout: memberProcedure
    .input(startCheckoutInput)
    .output(startCheckoutOutput)
    .mutation(({ ctx, input }) => startCheckout(billing(ctx), input)),
  /**
   * Polled by the return page. A query although it may fulfil: fulfilment only applies what Stripe
   * already says happened (idempotent), so a replayed or cross-site GET can change nothing else.
   */
  checkoutStatus: memberProcedure
    .input(checkoutStatusInput)
    .output(checkoutStatusOutput)
    .query(({ ctx, input }) => checkoutStatus(billing(ctx), input.sessionId)),
  setAutoRenew: memberProcedure
    .input(setAutoRenewInput)
    .output(membershipStateSchema)
    .mutation(({ ctx, input }) => setAutoRenew(billing(ctx), ctx.user.id, input.enabled)),
  /**
   * Automatic renewal set up mid-term (any term length): a Checkout that confirms the card and
   * schedules the first yearly charge at the end of the current term. Returns the checkout to open.
   */
  setupAutoRenew: memberProcedure
    .input(setupAutoRenewInput)
    .output(startCheckoutOutput)
    .mutation(({ ctx, input }) => setupAutoRenew(billing(ctx), input)),
  /** The "don't renew" link from the pre-charge email (no sign-in: the signed token decides). */
  cancelAutoRenewByToken: publicProcedure
    .input(noRenewTokenInput)
    .output(z.object({ autoRenew: z.boolean(), endsAt: z.date().nullable() }))
    .mutation(({ ctx, input }) => cancelAutoRenewByToken(billing(ctx), input.token)),
  submitProof: memberProcedure
    .input(submitProofInput)
    .output(proofSchema)
    .mutation(({ ctx, input }) => submitProof(requestContext(ctx), input)),
  proofs: memberProcedure.output(z.array(proofSchema)).query(({ ctx }) => myProofs(requestContext(ctx))),
  billingPortal: memberProcedure
    .output(z.object({ url: z.url() }))
    .mutation(async ({ ctx }) => ({ url: await customerPortalUrl(billing(ctx), ctx.user.id) })),
});
