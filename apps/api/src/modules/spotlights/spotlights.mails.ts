import type { MailContent } from '../mail/index.js';

/** To the featured member when the story about them goes to review: where to read the preview. */
export function spotlightPreviewMail(society: string, name: string, title: string, url: string): MailContent {
  return {
    subject: `Preview the ${society} spotlight about you`,
    text: `Hello ${name},\n\nWe have written a member spotlight about you, "${title}", and it is now in review. Before we publish it you can read the preview (sign in with your ${society} account first):\n\n${url}\n\nIf anything is wrong or you would rather not be featured, reply to this message.\n\n${society}`,
  };
}
