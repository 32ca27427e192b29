/** Escapes text for an HTML attribute value or text node. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

export interface SocialMeta {
  title: string;
  description: string;
  image: string | null;
  url: string;
  siteName: string;
  /** Structured data (schema.org), added as a JSON-LD script. */
  jsonLd?: Record<string, unknown>;
}

/**
 * JSON for inside a <script> element: `<` (so no `</script>` or `<!--` can end or change it), `>`,
 * `&` and the line separators U+2028/U+2029 are written as \u escapes, which JSON reads back as is.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Adds Open Graph / Twitter tags (and the page title) to the SPA's index.html, for link previews
 * of pages that crawlers fetch without running JavaScript, the page's one description and its
 * canonical address, and the page's JSON-LD when given.
 * Every value is escaped.
 */
export function injectSocialMeta(indexHtml: string, meta: SocialMeta): string {
  const description =
    meta.description.length > 300 ? `${meta.description.slice(0, 297)}...` : meta.description;
  const tags = [
    ['og:type', 'article'],
    ['og:site_name', meta.siteName],
    ['og:title', meta.title],
    ['og:description', description],
    ['og:url', meta.url],
    ...(meta.image ? [['og:image', meta.image]] : []),
  ]
    .map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content!)}" />`)
    .concat([
      `<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}" />`,
      `<meta name="description" content="${escapeHtml(description)}" />`,
      `<link rel="canonical" href="${escapeHtml(meta.url)}" />`,
    ])
    .concat(meta.jsonLd ? [`<script type="application/ld+json">${scriptJson(meta.jsonLd)}</script>`] : [])
    .join('\n    ');
  const title = `<title>${escapeHtml(`${meta.title} · ${meta.siteName}`)}</title>`;
  // The page's own description replaces the site-wide one (one description per page).
  const page = indexHtml.replace(/[ \t]*<meta\s+name="description"[^>]*>\s*/gi, '');
  const withTitle = /<title>[\s\S]*?<\/title>/.test(page)
    ? page.replace(/<title>[\s\S]*?<\/title>/, () => title)
    : page;
  return withTitle.replace('</head>', () => `    ${tags}\n  </head>`);
}
