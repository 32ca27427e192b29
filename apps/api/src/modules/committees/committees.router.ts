import {
  addTermInput,
  archiveCommitteeInput,
  committeeBySlugInput,
  committeeDetailSchema,
  committeeHistoryInput,
  committeeHistorySchema,
  committeeSummarySchema,
  createCommitteeInput,
  endTermInput,
  listCommitteesInput,
  memberOptionSchema,
  memberSearchInput,
  publicTermSchema,
  removeTermInput,
  rosterCsvSchema,
  rosterEntrySchema,
  rosterInput,
  serviceHistoryInput,
  serviceHistorySchema,
  updateCommitteeInput,
  updateTermInput,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, publicProcedure, router } from '../../trpc/init.js';
import { chairProcedure } from '../../trpc/roles.js';
import * as committees from './committees.service.js';

const committeeRef = z.object({ id: z.string(), slug: z.string() });

export const committeesRouter = router({
  list: publicProcedure
    .input(listCommitteesInput)
    .output(z.array(committeeSummarySchema))
    .query(({ ctx, input }) => committees.list(requestContext(ctx), input.includeArchived)),
  bySlug: publicProcedure
    .input(committeeBySlugInput)
    .output(committeeDetailSchema)
    .query(({ ctx, input }) => committees.detail(requestContext(ctx), input.slug)),
  serviceHistory: publicProcedure
    .input(serviceHistoryInput)
    .output(serviceHistorySchema)
    .query(({ ctx, input }) => committees.serviceHistory(requestContext(ctx), input.userId)),

  // Chair of this committee (or admin): `committeeId` in the input is checked by chairProcedure,
  // and every term id is looked up within that committee.
  roster: chairProcedure
    .input(rosterInput)
    .output(z.array(rosterEntrySchema))
    .query(({ ctx, input }) => committees.roster(requestContext(ctx), input.committeeId)),
  searchMembers: chairProcedure
    .input(memberSearchInput)
    .output(z.array(memberOptionSchema))
    .query(({ ctx, input }) => committees.memberOptions(requestContext(ctx), input.committeeId, input.q)),
  addTerm: chairProcedure
    .input(addTermInput)
    .output(publicTermSchema)
    .mutation(({ ctx, input }) => {
      const { committeeId, userId, ...fields } = input;
      return committees.addTerm(requestContext(ctx), committeeId, userId, fields);
    }),
  updateTerm: chairProcedure
    .input(updateTermInput)
    .output(publicTermSchema)
    .mutation(({ ctx, input }) => {
      const { committeeId, termId, ...fields } = input;
      return committees.editTerm(requestContext(ctx), committeeId, termId, fields);
    }),
  endTerm: chairProcedure
    .input(endTermInput)
    .output(publicTermSchema)
    .mutation(({ ctx, input }) =>
      committees.endTerm(requestContext(ctx), input.committeeId, input.termId, input.endsOn),
    ),
  removeTerm: chairProcedure
    .input(removeTermInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      committees.removeTerm(requestContext(ctx), input.committeeId, input.termId),
    ),
  exportCsv: chairProcedure
    .input(rosterInput)
    .output(rosterCsvSchema)
    .query(({ ctx, input }) => committees.exportCsv(requestContext(ctx), input.committeeId)),
  /** The committee's history tab: roster and committee changes from the audit log (public, like the roster). */
  history: publicProcedure
    .input(committeeHistoryInput)
    .output(committeeHistorySchema)
    .query(({ ctx, input }) =>
      committees.history(requestContext(ctx), input.committeeId, input.page, input.pageSize),
    ),

  create: adminProcedure
    .input(createCommitteeInput)
    .output(committeeRef)
    .mutation(({ ctx, input }) => committees.createCommittee(requestContext(ctx), input)),
  update: adminProcedure
    .input(updateCommitteeInput)
    .output(committeeRef)
    .mutation(({ ctx, input }) => {
      const { committeeId, ...fields } = input;
      return committees.editCommittee(requestContext(ctx), committeeId, fields);
    }),
  archive: adminProcedure
    .input(archiveCommitteeInput)
    .output(committeeRef)
    .mutation(({ ctx, input }) =>
      committees.archiveCommittee(requestContext(ctx), input.committeeId, input.archived),
    ),
});
