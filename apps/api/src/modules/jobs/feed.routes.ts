import { jobSearchQuery, searchFromParams, searchToParams } from '@societas/contracts';
import type { FastifyInstance } from 'fastify';
import { systemContext } from '../../lib/service-context.js';
import type { Services } from '../../trpc/context.js';
import { societySettings } from '../settings/index.js';
import { feedListings } from './public.service.js';
import { plainSnippet } from './search/snippet.js';

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * Atom feed of the newest visible listings, optionally for a search: /jobs/feed.xml takes the same
 * query parameters as the /jobs page (q, country, positionType, ...), so any search can be followed.
 */
export function jobFeedRoutes(services: Services) {
  const { env } = services;
  return async (app: FastifyInstance) => {
    app.get('/jobs/feed.xml', async (req, reply) => {
      const params = new URLSearchParams(req.url.split('?')[1] ?? '');
      const parsed = jobSearchQuery.safeParse(searchFromParams(params));
      if (!parsed.success) return reply.code(400).type('text/plain').send('Invalid search.');
      const query = parsed.data;
      const now = new Date();
      const items = await feedListings(systemContext(services, String(req.id), now), query);
      const search = searchToParams(query).toString();
      const self = `${env.PUBLIC_URL}/jobs/feed.xml${search ? `?${search}` : ''}`;
      const page = `${env.PUBLIC_URL}/jobs${search ? `?${search}` : ''}`;
      const updated = items.reduce<Date>(
        (max, j) => (j.published_at && j.published_at > max ? j.published_at : max),
        new Date(0),
      );
      const entries = items
        .map((j) => {
          const url = `${env.PUBLIC_URL}/jobs/${j.id}`;
          return `<entry><id>urn:uuid:${j.id}</id><title>${xml(j.title)}</title><link rel="alternate" type="text/html" href="${xml(url)}"/><updated>${(j.published_at ?? now).toISOString()}</updated><author><name>${xml(j.employer_name)}</name></author><summary>${xml(`${j.employer_name} — ${j.city ? `${j.city}, ` : ''}${j.country_code}. ${plainSnippet(j.snippet)}`)}</summary></entry>`;
        })
        .join('\n');
      const title = query.q ? `Jobs matching "${query.q}"` : 'Newest jobs';
      const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${xml(`${(await societySettings(services)).name}: ${title}`)}</title>
<id>${xml(self)}</id>
<link rel="self" type="application/atom+xml" href="${xml(self)}"/>
<link rel="alternate" type="text/html" href="${xml(page)}"/>
<updated>${(items.length ? updated : now).toISOString()}</updated>
${entries}
</feed>`;
      return reply
        .header('cache-control', 'public, max-age=300')
        .type('application/atom+xml; charset=utf-8')
        .send(body);
    });
  };
}
