import { useEffect } from 'react';
import { SITE } from '../config';

/** Sets `document.title` to "<title> · <society>" (or just the society name on the home page). */
export function usePageTitle(title?: string) {
  useEffect(() => {
    document.title = title ? `${title} · ${SITE.name}` : SITE.name;
  }, [title]);
}
