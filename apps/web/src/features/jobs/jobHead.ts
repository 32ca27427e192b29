import type { JobPage } from '@societas/contracts';
import { useEffect } from 'react';

/** The element in <head> matching `selector`, created from `create` when the page has none. */
function headElement<T extends HTMLElement>(selector: string, create: () => T): { el: T; created: boolean } {
  const found = document.head.querySelector<T>(selector);
  if (found) return { el: found, created: false };
  const el = create();
  document.head.append(el);
  return { el, created: true };
}

/**
 * A visible job page's head, as the server writes it for crawlers (server.ts, injectSocialMeta):
 * one meta description (the listing's snippet, in place of the site-wide one) and a canonical link to
 * the listing's address. Both go back to how they were when the page is left.
 */
export function useJobHead(job: Pick<JobPage, 'visible' | 'shareUrl' | 'snippet'> | undefined) {
  const visible = job?.visible ?? false;
  const shareUrl = job?.shareUrl;
  const snippet = job?.snippet;
  useEffect(() => {
    if (!visible || !shareUrl) return;
    const description = headElement('meta[name="description"]', () => {
      const meta = document.createElement('meta');
      meta.name = 'description';
      return meta;
    });
    const previous = description.el.content;
    description.el.content = snippet ?? '';
    const canonical = headElement('link[rel="canonical"]', () => {
      const link = document.createElement('link');
      link.rel = 'canonical';
      return link;
    });
    const previousHref = canonical.el.href;
    canonical.el.href = shareUrl;
    return () => {
      if (description.created) description.el.remove();
      else description.el.content = previous;
      if (canonical.created) canonical.el.remove();
      else canonical.el.href = previousHref;
    };
  }, [visible, shareUrl, snippet]);
}
