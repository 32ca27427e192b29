import {
  directoryLockSchema,
  directoryPageSchema,
  directorySearchInput,
  memberCardInput,
  memberCardSchema,
  setDirectoryLockInput,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import { locks, memberCard, search, setLock } from './directory.service.js';

export const directoryRouter = router({
  /** Active members (and admins) only; FORBIDDEN otherwise. */
  search: memberProcedure
    .input(directorySearchInput)
    .output(directoryPageSchema)
    .query(({ ctx, input }) => {
      const { page, pageSize, ...filters } = input;
      return search(requestContext(ctx), filters, { page, pageSize });
    }),
  /** A member's page: fields by the viewer's level (public / active member); see memberCard for who has one. */
  member: publicProcedure
    .input(memberCardInput)
    .output(memberCardSchema)
    .query(({ ctx, input }) => memberCard(requestContext(ctx), input.userId)),
  locks: memberProcedure.output(z.array(directoryLockSchema)).query(({ ctx }) => locks(requestContext(ctx))),
  setLock: adminProcedure
    .input(setDirectoryLockInput)
    .output(z.array(directoryLockSchema))
    .mutation(({ ctx, input }) => setLock(requestContext(ctx), input.field, input.visibility)),
});
