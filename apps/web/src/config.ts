/**
 * Site-wide settings. The society name is the only one for now; it will come from the server's
 * settings once societies can brand their portal.
 */
export const SITE = {
  name: 'Societas',
  tagline: 'The member portal for your scientific society',
  description:
    'Join or renew your membership, find colleagues in the member directory, follow committee work, read member spotlights and browse jobs in the field.',
} as const;
