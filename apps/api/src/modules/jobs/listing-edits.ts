import { distance } from 'fastest-levenshtein';

/** The listing text an edit is measured on. */
export interface ListingText {
  title: string;
  description_md: string;
  apply_url?: string | null;
  apply_email?: string | null;
}

/**
 * The largest share of the description an edit to a live listing may change and stay live: 5% of
 * the characters of the longer text (edit distance), so a typo fix, a corrected date or a new
 * sentence in a long text stays up, and a rewrite goes to review.
 */
export const SMALL_DESCRIPTION_EDIT = 0.05;

/**
 * Whether an edit to a published listing needs a moderator before the public sees it. A new title,
 * a changed application link or address (where a scam would send applicants), or a description
 * changed by more than SMALL_DESCRIPTION_EDIT do; anything else (salary, place, dates, kind of
 * position, small wording fixes) stays live. The employer is never editable on a listing.
 */
export function editNeedsReview(before: ListingText, after: ListingText): boolean {
  if (before.title !== after.title) return true;
  if ((before.apply_url ?? null) !== (after.apply_url ?? null)) return true;
  if ((before.apply_email ?? null) !== (after.apply_email ?? null)) return true;
  if (before.description_md === after.description_md) return false;
  const longer = Math.max(before.description_md.length, after.description_md.length);
  return distance(before.description_md, after.description_md) > SMALL_DESCRIPTION_EDIT * longer;
}
