import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness.js';
import {
  ACCESS,
  ALLOWED,
  AUDITED_READS,
  CHANGES_CALLERS_ACCESS,
  ENDS_SESSION,
  REFUSED_FOR_A_REASON,
  SAMPLE_INPUT,
} from './access-matrix.js';
import { type InputFixture, PROCEDURES, setUpInputFixture, validInputFor } from './procedures.js';
import { fingerprint, ROLES } from './roles.js';

/**
 * Every procedure × {anonymous, member, lapsed member, chair of A, chair of B, employer, admin},
 * each with a valid input (procedures.ts): a role the matrix refuses gets 401/403 and changes
 * nothing; a role it allows gets an answer, or the one refusal the matrix states with its reason,
 * and a read of other people's personal data (AUDITED_READS) writes its one audit row.
 */
let app: TestApp;
let fx: InputFixture;
beforeAll(async () => {
  app = await startTestApp();
  fx = await setUpInputFixture(app);
});
afterAll(() => app?.close());

const lastAuditId = async (app: TestApp) =>
  Number(
    (
      await app.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id ?? 0,
  );
const auditRowsSince = (app: TestApp, id: number) =>
  app.db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id as actorUserId', 'entity_type as entityType', 'entity_id as entityId'])
    .where('id', '>', id)
    .orderBy('id')
    .execute();

describe('authorization matrix', () => {
  it('lists every procedure of the router, and nothing else', () => {
    const paths = PROCEDURES.map((p) => p.path);
    expect(
      paths.filter((p) => !(p in ACCESS)),
      'procedures missing from access-matrix.ts',
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((p) => !paths.includes(p)),
      'entries for procedures that do not exist',
    ).toEqual([]);
    expect(
      Object.keys(REFUSED_FOR_A_REASON).filter((p) => !paths.includes(p)),
      'stated refusals of procedures that do not exist',
    ).toEqual([]);
    expect(
      Object.keys(AUDITED_READS).filter((p) => !paths.includes(p)),
      'audited reads of procedures that do not exist',
    ).toEqual([]);
  });

  const runLast = (path: string) => (ENDS_SESSION.has(path) ? 2 : CHANGES_CALLERS_ACCESS.has(path) ? 1 : 0);
  const ordered = [...PROCEDURES].sort((a, b) => runLast(a.path) - runLast(b.path));
  for (const procedure of ordered) {
    const { path, type } = procedure;
    it(`${path}: ${ACCESS[path] ?? '(missing)'}`, async () => {
      const access = ACCESS[path];
      expect(access, `${path} is missing from access-matrix.ts`).toBeDefined();
      const allowed = new Set(ALLOWED[access!]);
      const input = validInputFor(procedure, fx);
      // The refused roles: the role check comes before validation, so no input is needed (a chair
      // procedure names its committee). With a valid input, ownership checks answer 404 instead.
      const roleCheckInput = access === 'chairOfA' ? { committeeId: fx.committeeA } : SAMPLE_INPUT[path];

      const before = await fingerprint(app);
      for (const role of ROLES.filter((r) => !allowed.has(r))) {
        const result = await fx.sessions[role].call(type, path, roleCheckInput);
        expect(result, `${role} calling ${path}`).toMatchObject({
          ok: false,
          httpStatus: role === 'anonymous' ? 401 : 403,
        });
      }
      expect(await fingerprint(app), `a refused call to ${path} changed the database`).toBe(before);

      const refusal = REFUSED_FOR_A_REASON[path];
      const audited = AUDITED_READS[path];
      for (const role of ROLES.filter((r) => allowed.has(r))) {
        const auditedBefore = await lastAuditId(app);
        const result = await fx.sessions[role].call(type, path, input);
        if (audited) {
          const expected = !audited.roles || audited.roles.includes(role);
          expect(await auditRowsSince(app, auditedBefore), `audit rows of ${role} calling ${path}`).toEqual(
            expected
              ? [
                  {
                    action: audited.action,
                    actorUserId: fx.sessions[role].userId,
                    entityType: audited.entityType,
                    entityId: audited.entityId(fx, input as Record<string, unknown>),
                  },
                ]
              : [],
          );
        }
        const expected = refusal && (!refusal.roles || refusal.roles.includes(role)) ? refusal : null;
        const outcome = result.ok ? 'answered' : `${result.code}: ${result.message}`;
        if (result.ok && expected?.orAnswered) continue;
        expect(outcome, `${role} calling ${path}`).toBe(
          expected
            ? `${expected.codeFor?.[role] ?? expected.code}: ${result.ok ? '(a refusal)' : result.message}`
            : 'answered',
        );
      }
    });
  }
});
