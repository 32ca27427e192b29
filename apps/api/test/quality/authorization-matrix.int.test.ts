import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/trpc/router.js';
import { startTestApp, type TestApp } from '../harness.js';
import { ACCESS, ALLOWED, ENDS_SESSION, SAMPLE_INPUT } from './access-matrix.js';
import { type Fixture, fingerprint, ROLES, setUpRoles } from './roles.js';

/** Every procedure × {anonymous, member, lapsed member, chair of A, chair of B, employer, admin}. */
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, p]) => ({ path, type: p._def.type as 'query' | 'mutation' }));

let app: TestApp;
let fx: Fixture;
beforeAll(async () => {
  app = await startTestApp();
  fx = await setUpRoles(app);
});
afterAll(() => app?.close());

describe('authorization matrix', () => {
  it('lists every procedure of the router, and nothing else', () => {
    const paths = procedures.map((p) => p.path);
    expect(
      paths.filter((p) => !(p in ACCESS)),
      'procedures missing from access-matrix.ts',
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((p) => !paths.includes(p)),
      'entries for procedures that do not exist',
    ).toEqual([]);
  });

  const ordered = [...procedures].sort(
    (a, b) => Number(ENDS_SESSION.has(a.path)) - Number(ENDS_SESSION.has(b.path)),
  );
  for (const { path, type } of ordered) {
    it(`${path}: ${ACCESS[path] ?? '(missing)'}`, async () => {
      const access = ACCESS[path];
      expect(access, `${path} is missing from access-matrix.ts`).toBeDefined();
      const allowed = new Set(ALLOWED[access!]);
      // A chair procedure names its committee; the others get no input (validation comes after the checks).
      const input = access === 'chairOfA' ? { committeeId: fx.committeeA } : SAMPLE_INPUT[path];

      const before = await fingerprint(app);
      for (const role of ROLES.filter((r) => !allowed.has(r))) {
        const result = await fx.sessions[role].call(type, path, input);
        expect(result, `${role} calling ${path}`).toMatchObject({
          ok: false,
          httpStatus: role === 'anonymous' ? 401 : 403,
        });
      }
      expect(await fingerprint(app), `a refused call to ${path} changed the database`).toBe(before);

      for (const role of ROLES.filter((r) => allowed.has(r))) {
        const result = await fx.sessions[role].call(type, path, input);
        if (!result.ok)
          expect([401, 403], `${role} calling ${path} was refused: ${result.code}`).not.toContain(
            result.httpStatus,
          );
      }
    });
  }
});
