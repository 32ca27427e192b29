/**
 * Split plain text (an email body) into text and link parts so links can be rendered as <a>.
 * Only http(s) URLs and site-relative paths that start a line or follow a space
 * (e.g. `/reset-password?token=...`) become links; nothing else is ever turned into an href.
 */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+|(?<=^|\s)\/[A-Za-z0-9][^\s<>"']*/g;
// Punctuation that usually ends a sentence rather than a URL.
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = match[0];
    const trailing = url.match(TRAILING)?.[0] ?? '';
    // Keep a closing parenthesis that balances one inside the URL.
    let cut = trailing.length;
    if (trailing.startsWith(')') && (url.match(/\(/g)?.length ?? 0) > 0) cut = trailing.length - 1;
    url = url.slice(0, url.length - cut);
    if (!url || url === '/') continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
