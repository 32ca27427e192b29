import multipart from '@fastify/multipart';
import {
  APP_ERROR_HTTP_STATUS,
  type AppErrorData,
  FILE_PURPOSE_RULES,
  filePurposeSchema,
  UPLOAD_FIELD,
  UPLOAD_HEADER,
} from '@societas/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { allowedOriginSet, isCrossOrigin } from '../../http/csrf.js';
import { requestContext } from '../../lib/service-context.js';
import { createContext, type Services } from '../../trpc/context.js';
import { fileContent, fileLink, tooLargeError, uploadFile } from './files.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An error in the shape a tRPC error carries (`message` and `data: AppErrorData`), so the web form
 * shows an upload's refusal at its file field the same way as any other field message.
 */
function sendError(reply: FastifyReply, req: FastifyRequest, error: AppError) {
  const httpStatus = APP_ERROR_HTTP_STATUS[error.code];
  const data: AppErrorData = {
    appCode: error.code,
    httpStatus,
    fieldErrors: error.fieldErrors,
    requestId: String(req.id),
  };
  return reply.code(httpStatus).header('cache-control', 'no-store').send({ error: error.message, data });
}

/**
 * POST /api/files?purpose=<purpose>  multipart/form-data with one `file`: upload (signed in).
 * GET  /api/files/:id                 a public file's stable address, or for a private one a
 *                                     short-lived signed link (owner and administrators only).
 * GET  /api/files/:id/content         the bytes (public; private with a valid signature).
 */
export function fileRoutes(services: Services) {
  const allowed = allowedOriginSet([services.env.PUBLIC_URL]);
  return async function register(app: FastifyInstance) {
    // Scoped here: multipart bodies are taken by this route only. Sizes are checked per purpose.
    await app.register(multipart, { limits: { files: 1, fields: 5, parts: 6 } });

    app.post<{ Querystring: { purpose?: string } }>('/api/files', async (req, reply) => {
      // A multipart body is something a cross-site form can send, so the JSON rule of csrf.ts does
      // not protect it: a custom header (which needs a CORS preflight we never grant) does, with
      // the same origin check.
      if (req.headers[UPLOAD_HEADER] !== '1' || isCrossOrigin(req, allowed)) {
        return sendError(reply, req, new AppError('FORBIDDEN', 'Cross-origin requests are not allowed.'));
      }
      const ctx = requestContext(await createContext(services, { req, res: reply }));
      try {
        if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Please sign in to continue.');
        const purpose = filePurposeSchema.safeParse(req.query.purpose);
        if (!purpose.success) throw new AppError('BAD_INPUT', 'Not a kind of upload we take.');
        if (!req.isMultipart()) {
          throw new AppError('BAD_INPUT', 'Choose a file to upload.', {
            [UPLOAD_FIELD]: ['Choose a file to upload'],
          });
        }
        const part = await req.file({ limits: { fileSize: FILE_PURPOSE_RULES[purpose.data].maxBytes } });
        if (!part || part.fieldname !== UPLOAD_FIELD) {
          throw new AppError('BAD_INPUT', 'Choose a file to upload.', {
            [UPLOAD_FIELD]: ['Choose a file to upload'],
          });
        }
        let bytes: Buffer;
        try {
          bytes = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw tooLargeError(purpose.data);
          throw error;
        }
        const file = await uploadFile(ctx, purpose.data, bytes);
        return reply.code(201).header('cache-control', 'no-store').send({ file });
      } catch (error) {
        if (error instanceof AppError) return sendError(reply, req, error);
        throw error;
      }
    });

    app.get<{ Params: { id: string } }>('/api/files/:id', async (req, reply) => {
      if (!UUID.test(req.params.id))
        return sendError(reply, req, new AppError('NOT_FOUND', 'That file was not found.'));
      try {
        const ctx = requestContext(await createContext(services, { req, res: reply }));
        const target = await fileLink(ctx, req.params.id);
        return reply.header('cache-control', 'no-store').redirect(target, 302);
      } catch (error) {
        if (error instanceof AppError) return sendError(reply, req, error);
        throw error;
      }
    });

    app.get<{ Params: { id: string }; Querystring: { expires?: string; signature?: string } }>(
      '/api/files/:id/content',
      async (req, reply) => {
        if (!UUID.test(req.params.id))
          return sendError(reply, req, new AppError('NOT_FOUND', 'That file was not found.'));
        try {
          // Nobody's session is read here: the link itself (public, or signed) is the permission.
          const ctx = requestContext({
            ...services,
            req,
            res: reply,
            requestId: String(req.id),
            ip: req.ip,
            user: null,
            sessionId: null,
          });
          const file = await fileContent(ctx, req.params.id, req.query);
          return reply
            .type(file.contentType)
            .header('content-disposition', 'inline')
            .header(
              'cache-control',
              // A file's bytes never change under its id.
              file.visibility === 'public' ? 'public, max-age=31536000, immutable' : 'private, no-store',
            )
            .send(file.bytes);
        } catch (error) {
          if (error instanceof AppError) return sendError(reply, req, error);
          throw error;
        }
      },
    );
  };
}
