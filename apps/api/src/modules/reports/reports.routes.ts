import { Readable } from 'node:stream';
import { REPORT_LISTS, type ReportList, reportFiltersSchema } from '@societas/contracts';
import { stringify } from 'csv-stringify';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { spreadsheetCsvOptions } from '../../lib/spreadsheet-csv.js';
import { createContext, type Services } from '../../trpc/context.js';
import { recordAudit } from '../audit/index.js';
import { columnsOf, exportRows } from './reports.service.js';

export const EXPORT_PATH = '/api/reports/export/:file';

const exportQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  planId: z.string().optional(),
  band: z.string().optional(),
  country: z.string().optional(),
  careerStage: z.string().optional(),
  days: z.enum(['30', '60', '90']).default('90'),
});

/**
 * GET /api/reports/export/<list>.csv?filters — streams a report list as CSV (admin session only).
 * Rows are read in keyset batches and written as the client takes them (back-pressure), so memory
 * stays flat for a million rows. Each export is written to the audit log before the first byte.
 */
export function reportRoutes(services: Services) {
  return async function register(app: FastifyInstance) {
    app.get<{ Params: { file: string }; Querystring: Record<string, string> }>(
      EXPORT_PATH,
      async (req, reply) => {
        const ctx = await createContext(services, { req, res: reply });
        if (!ctx.user)
          return reply.code(401).send({ error: 'Please sign in to continue.', appCode: 'UNAUTHENTICATED' });
        if (ctx.user.role !== 'admin') {
          return reply.code(403).send({ error: 'This area is for administrators.', appCode: 'FORBIDDEN' });
        }
        const match = /^([a-z]+)\.csv$/.exec(req.params.file);
        const list = match?.[1] as ReportList | undefined;
        if (!list || !REPORT_LISTS.includes(list)) return reply.code(404).send({ error: 'No such report.' });
        const query = exportQuery.safeParse(req.query);
        const filters = query.success
          ? reportFiltersSchema.safeParse({
              from: query.data.from || undefined,
              to: query.data.to || undefined,
              planId: query.data.planId || undefined,
              band: query.data.band || undefined,
              country: query.data.country || undefined,
              careerStage: query.data.careerStage || undefined,
            })
          : null;
        if (!query.success || !filters?.success) {
          return reply.code(400).send({ error: 'Please check the filters.', appCode: 'BAD_INPUT' });
        }
        const days = Number(query.data.days) as 30 | 60 | 90;
        await recordAudit(services.db, {
          actorUserId: ctx.user.id,
          action: 'reports.exported',
          entityType: 'report',
          entityId: list,
          after: { filters: filters.data, days },
          requestId: ctx.requestId,
        });
        const columns = columnsOf(list);
        const csv = stringify(spreadsheetCsvOptions(columns.map((c) => ({ key: c.key, header: c.label }))));
        const rows = Readable.from(
          (async function* () {
            for await (const batch of exportRows(services.db, { list, filters: filters.data, days })) {
              for (const row of batch) yield row;
            }
          })(),
        );
        rows.on('error', (err) => {
          req.log.error({ err }, 'report export failed');
          csv.destroy(err);
        });
        const stamp = new Date().toISOString().slice(0, 10);
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="societas-${list}-${stamp}.csv"`)
          .header('cache-control', 'no-store');
        return reply.send(rows.pipe(csv));
      },
    );
  };
}
