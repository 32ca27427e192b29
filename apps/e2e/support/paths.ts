import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const API_MAIN = `${REPO_ROOT}apps/api/dist/main.js`;
export const WEB_INDEX = `${REPO_ROOT}apps/web/dist/index.html`;
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
