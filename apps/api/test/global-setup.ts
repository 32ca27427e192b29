import { startTestServer } from '@societas/db/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/** One Postgres and one migrated template for the whole run (see packages/db/src/testing.ts). */
export default async function setup(project: TestProject) {
  const server = await startTestServer(process.env.DATABASE_URL || undefined);
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', server.template);
  return () => server.stop();
}
