import { Typography } from '@mantine/core';

/**
 * HTML that the server rendered from markdown and sanitised (apps/api/src/lib/markdown.ts:
 * allow-listed tags only; no script, no on* attributes, no javascript: URLs). Only pass `*Html`
 * fields from the API here, never user input.
 */
export function SafeHtml({ html }: { html: string }) {
  return (
    <Typography>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server, see above */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
