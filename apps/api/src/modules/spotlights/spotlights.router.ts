import {
  adminSpotlightListInput,
  adminSpotlightPageSchema,
  adminSpotlightSchema,
  listSpotlightsInput,
  nominateInput,
  nomineeSchema,
  nomineeSearchInput,
  spotlightBySlugInput,
  spotlightCardSchema,
  spotlightDetailSchema,
  spotlightFieldsInput,
  spotlightIdInput,
  spotlightPageSchema,
  spotlightStatusSchema,
  transitionSpotlightInput,
  updateSpotlightInput,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import * as spotlights from './spotlights.service.js';

export const spotlightsRouter = router({
  list: publicProcedure
    .input(listSpotlightsInput)
    .output(spotlightPageSchema)
    .query(({ ctx, input }) =>
      spotlights.listPublished(requestContext(ctx), input.tag ?? null, input.page, input.pageSize),
    ),
  latest: publicProcedure
    .output(z.array(spotlightCardSchema))
    .query(({ ctx }) => spotlights.latest(requestContext(ctx), 3)),
  tags: publicProcedure
    .output(z.array(z.object({ tag: z.string(), count: z.number() })))
    .query(({ ctx }) => spotlights.tags(requestContext(ctx))),
  bySlug: publicProcedure
    .input(spotlightBySlugInput)
    .output(spotlightDetailSchema)
    .query(({ ctx, input }) => spotlights.detail(requestContext(ctx), input.slug)),

  /** The featured member's own unpublished spotlights, to preview. */
  myPreviews: memberProcedure
    .output(
      z.array(
        z.object({
          slug: z.string(),
          title: z.string(),
          status: spotlightStatusSchema,
          publishAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => spotlights.myPreviews(requestContext(ctx))),
  nominees: memberProcedure
    .input(nomineeSearchInput)
    .output(z.array(nomineeSchema))
    .query(({ ctx, input }) => spotlights.nominees(requestContext(ctx), input.q)),
  nominate: memberProcedure
    .input(nominateInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => spotlights.nominate(requestContext(ctx), input.memberUserId, input.reason)),

  // Admin (the society's editors are admins): drafts, review, scheduling, publishing.
  adminList: adminProcedure
    .input(adminSpotlightListInput)
    .output(adminSpotlightPageSchema)
    .query(({ ctx, input }) =>
      spotlights.adminList(requestContext(ctx), input.status ?? null, input.page, input.pageSize),
    ),
  adminGet: adminProcedure
    .input(spotlightIdInput)
    .output(adminSpotlightSchema)
    .query(({ ctx, input }) => spotlights.adminGet(requestContext(ctx), input.id)),
  create: adminProcedure
    .input(spotlightFieldsInput)
    .output(adminSpotlightSchema)
    .mutation(({ ctx, input }) => spotlights.create(requestContext(ctx), input)),
  update: adminProcedure
    .input(updateSpotlightInput)
    .output(adminSpotlightSchema)
    .mutation(({ ctx, input }) => {
      const { id, ...fields } = input;
      return spotlights.update(requestContext(ctx), id, fields);
    }),
  transition: adminProcedure
    .input(transitionSpotlightInput)
    .output(adminSpotlightSchema)
    .mutation(({ ctx, input }) =>
      spotlights.transition(requestContext(ctx), input.id, input.to, input.publishAt ?? null),
    ),
});
