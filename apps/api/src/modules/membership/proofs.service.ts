import type { listProofsInput, Proof, reviewProofInput, submitProofInput } from '@societas/contracts';
import type { DB } from '@societas/db';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import type { SessionUser } from '../../trpc/context.js';
import { recordAudit } from '../audit/audit.repository.js';
import {
  findPlanByCode,
  findProof,
  findProofForUpdate,
  insertMembershipEvent,
  insertProof,
  listProofsByStatus,
  listProofsOf,
  setProofStatus,
} from './membership.repository.js';

/**
 * Proof of eligibility for plans that ask for it (students: enrolment, expected end of studies).
 * It never blocks paying: a member joins, sends proof, and an administrator approves or rejects it;
 * the approved expected end date is what makes renewal offer the next plan.
 */
type ProofRow = Awaited<ReturnType<typeof listProofsOf>>[number];

function proofOut(r: ProofRow): Proof {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    planCode: r.plan_code,
    planName: r.plan_name,
    details: r.details,
    expectedEndOn: r.expected_end_on,
    status: r.status,
    reviewedAt: r.reviewed_at,
    createdAt: r.created_at,
  };
}

export async function submitProof(
  db: DB,
  user: SessionUser,
  input: z.output<typeof submitProofInput>,
): Promise<Proof> {
  const plan = await findPlanByCode(db, input.planCode);
  if (!plan || (!plan.requires_proof && !plan.is_trainee)) {
    throw new AppError('BAD_INPUT', 'This plan does not need proof of eligibility.', {
      planCode: ['No proof needed'],
    });
  }
  const { id } = await insertProof(db, {
    userId: user.id,
    planId: plan.id,
    details: input.details,
    expectedEndOn: input.expectedEndOn,
  });
  return proofOut((await findProof(db, id))!);
}

export async function myProofs(db: DB, userId: string): Promise<Proof[]> {
  return (await listProofsOf(db, userId)).map(proofOut);
}

/** Admin reads of proofs show member data: audited. */
export async function proofsForReview(
  db: DB,
  actor: SessionUser,
  input: z.output<typeof listProofsInput>,
  requestId: string,
): Promise<Proof[]> {
  const rows = (await listProofsByStatus(db, input.status)).map(proofOut);
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
  db: DB,
  actor: SessionUser,
  input: z.output<typeof reviewProofInput>,
  requestId: string,
): Promise<Proof> {
  return db.transaction().execute(async (trx) => {
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
    return proofOut((await findProof(trx, proof.id))!);
  });
}
