import type { listProofsInput, Proof, reviewProofInput, submitProofInput } from '@societas/contracts';
import type { Executor } from '@societas/db';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import type { SessionUser } from '../../trpc/context.js';
import { recordAudit } from '../audit/index.js';
import { type BillingContext, findLiveSubscription } from '../billing/index.js';
import { assertOwnUpload, fileSummaries } from '../files/index.js';
import { queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import { setAutoRenew } from './auto-renew.service.js';
import { proofRejectedMail } from './membership.mails.js';
import {
  findMemberBasics,
  findPlanByCode,
  findProof,
  findProofForUpdate,
  insertMembershipEvent,
  insertProof,
  listProofsByStatus,
  listProofsOf,
  type PlanRow,
  setProofStatus,
} from './membership.repository.js';

/**
 * Proof of eligibility for plans that ask for it (plans.requires_proof; students: enrolment,
 * expected end of studies). The rule (checked by startCheckout through assertProofAllows):
 * - joining a proof plan does not wait for review: a new member may pay first and send proof after
 *   (the join page says so), or send it first;
 * - renewing a proof plan needs proof on file (pending or approved);
 * - the member's latest proof for the plan being rejected blocks buying or renewing that plan until
 *   new proof is sent. A rejection is emailed with the reviewer's reason, and an automatic renewal
 *   of that plan is turned off (the current term is kept to its end).
 * The approved expected end date is what makes renewal offer the next plan.
 */
type ProofRow = Awaited<ReturnType<typeof listProofsOf>>[number];

type FileSummaries = Awaited<ReturnType<typeof fileSummaries>>;

function proofOut(r: ProofRow, files: FileSummaries): Proof {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    planCode: r.plan_code,
    planName: r.plan_name,
    details: r.details,
    file: (r.file_id && files.get(r.file_id)) || null,
    expectedEndOn: r.expected_end_on,
    status: r.status,
    reviewedAt: r.reviewed_at,
    createdAt: r.created_at,
  };
}

/** Proofs as people see them, with their attached files. */
async function proofsOut(ctx: ServiceContext, rows: ProofRow[]): Promise<Proof[]> {
  const files = await fileSummaries(
    ctx,
    rows.flatMap((r) => (r.file_id ? [r.file_id] : [])),
  );
  return rows.map((r) => proofOut(r, files));
}

async function oneProofOut(ctx: ServiceContext, id: string): Promise<Proof> {
  return (await proofsOut(ctx, [(await findProof(ctx.db, id))!]))[0]!;
}

function actorOf(ctx: ServiceContext): SessionUser {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return ctx.actor;
}

export async function submitProof(
  ctx: ServiceContext,
  input: z.output<typeof submitProofInput>,
): Promise<Proof> {
  const { db } = ctx;
  const user = actorOf(ctx);
  const plan = await findPlanByCode(db, input.planCode);
  if (!plan || (!plan.requires_proof && !plan.is_trainee)) {
    throw new AppError('BAD_INPUT', 'This plan does not need proof of eligibility.', {
      planCode: ['No proof needed'],
    });
  }
  if (input.fileId) await assertOwnUpload(ctx, input.fileId, 'proof', 'fileId');
  const { id } = await insertProof(db, {
    userId: user.id,
    planId: plan.id,
    details: input.details,
    fileId: input.fileId,
    expectedEndOn: input.expectedEndOn,
  });
  return oneProofOut(ctx, id);
}

/** Throws when the proof rule above refuses a checkout of `plan` (see startCheckout). */
export async function assertProofAllows(
  db: Executor,
  userId: string,
  plan: Pick<PlanRow, 'code' | 'name' | 'requires_proof'>,
  action: 'join' | 'renew' | 'upgrade',
) {
  if (!plan.requires_proof) return;
  const latest = (await listProofsOf(db, userId)).find((p) => p.plan_code === plan.code);
  if (latest?.status === 'rejected') {
    throw new AppError(
      'CONFLICT',
      `Your proof of eligibility for ${plan.name} was not accepted. Send new proof, or choose another plan.`,
      { planCode: ['Proof of eligibility not accepted'] },
    );
  }
  if (!latest && action === 'renew') {
    throw new AppError(
      'CONFLICT',
      `To renew ${plan.name} membership, send proof of eligibility first (it is reviewed by an administrator).`,
      { planCode: ['Send proof of eligibility first'] },
    );
  }
}

export async function myProofs(ctx: ServiceContext): Promise<Proof[]> {
  return proofsOut(ctx, await listProofsOf(ctx.db, actorOf(ctx).id));
}

/** Admin reads of proofs show member data: audited. */
export async function proofsForReview(
  ctx: ServiceContext,
  input: z.output<typeof listProofsInput>,
): Promise<Proof[]> {
  const { db, requestId } = ctx;
  const actor = actorOf(ctx);
  const rows = await proofsOut(ctx, await listProofsByStatus(db, input.status));
  await recordAudit(db, {
    actorUserId: actor.id,
    action: 'membership_proof.list',
    entityType: 'membership_proof',
    entityId: null,
    after: { status: input.status, count: rows.length },
    requestId,
  });
  return rows;
}

export async function reviewProof(
  ctx: BillingContext,
  input: z.output<typeof reviewProofInput>,
): Promise<Proof> {
  const { db, env, requestId } = ctx;
  const actor = actorOf(ctx);
  const reviewed = await db.transaction().execute(async (trx) => {
    const proof = await findProofForUpdate(trx, input.proofId);
    if (!proof) throw notFound('That proof');
    if (proof.status !== 'pending') throw new AppError('CONFLICT', 'This proof has already been reviewed.');
    const status = input.approve ? 'approved' : 'rejected';
    await setProofStatus(trx, proof.id, status, actor.id);
    await insertMembershipEvent(trx, {
      userId: proof.user_id,
      kind: input.approve ? 'proof_approved' : 'proof_rejected',
      planId: proof.plan_id,
      actorUserId: actor.id,
      reason: input.reason ?? null,
    });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: `membership_proof.${status}`,
      entityType: 'membership_proof',
      entityId: proof.id,
      before: { status: proof.status },
      after: { status, reason: input.reason ?? null },
      requestId,
    });
    const out = await oneProofOut({ ...ctx, db: trx }, proof.id);
    if (input.approve) return { out, turnOffAutoRenew: false };
    const live = await findLiveSubscription(trx, proof.user_id);
    const turnOffAutoRenew = Boolean(live && live.plan_id === proof.plan_id && !live.cancel_at_period_end);
    const member = await findMemberBasics(trx, proof.user_id);
    if (member) {
      await queueMail(
        trx,
        member.email,
        'membership_proof_rejected',
        proofRejectedMail({
          society: (await societySettings({ db: trx, env })).name,
          publicUrl: env.PUBLIC_URL,
          name: member.name,
          planName: out.planName,
          reason: input.reason ?? null,
          autoRenewTurnedOff: turnOffAutoRenew,
        }),
        { dedupeKey: `proof-rejected:${proof.id}` },
      );
    }
    return { out, turnOffAutoRenew };
  });
  // After the review has committed: a Stripe call does not belong in the review's transaction.
  if (reviewed.turnOffAutoRenew) {
    await setAutoRenew(ctx, reviewed.out.userId, false);
  }
  return reviewed.out;
}
