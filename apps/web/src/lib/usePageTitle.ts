import { useEffect } from 'react';
import { useSociety } from './society';

/** Sets `document.title` to "<title> · <society>" (or just the society name on the home page). */
export function usePageTitle(title?: string) {
  const { name } = useSociety();
  useEffect(() => {
    document.title = title ? `${title} · ${name}` : name;
  }, [title, name]);
}
