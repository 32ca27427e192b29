import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/**
 * What pages show until the society's settings arrive (main.tsx asks for them before the first
 * render): the software's own name, never another society's.
 */
const PLACEHOLDER = { name: 'Societas', shortName: 'Societas', brandColour: '#4c6ef5', logoUrl: null };

/** The society's settings (public; the server caches them and clears its copy on save). */
export function useSociety() {
  const trpc = useTRPC();
  const query = useQuery(trpc.settings.get.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return query.data ?? { ...PLACEHOLDER, loading: true as const };
}
