import type { TestProject } from 'vitest/node';
import { startTestServer } from '../src/testing.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/** One Postgres (DATABASE_URL, or an embedded one) and one migrated template for the run. */
export default async function setup(project: TestProject) {
  const server = await startTestServer(process.env.DATABASE_URL || undefined);
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', server.template);
  return () => server.stop();
}
