/**
 * Site-wide texts about the portal itself. The society's own name, logo and colours are its
 * settings (admins edit them under Admin → Society settings; see lib/society.ts).
 */
export const SITE = {
  tagline: 'The member portal for your scientific society',
  description:
    'Join or renew your membership, find colleagues in the member directory, follow committee work, read member spotlights and browse jobs in the field.',
} as const;
