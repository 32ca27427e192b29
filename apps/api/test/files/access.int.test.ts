import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/lib/service-context.js';
import { signedFileUrl } from '../../src/modules/files/files.service.js';
import { deleteFilesOfOwner } from '../../src/modules/files/index.js';
import { expectTrpcError, type TestApp } from '../harness.js';
import { member, withTestApp } from '../membership/helpers.js';
import { local, pdfBytes, tempDataDir, upload, uploaded } from './helpers.js';

const dataDir = tempDataDir();
const { app } = withTestApp({ env: { DATA_DIR: dataDir } });

type Member = Awaited<ReturnType<typeof member>>;
let student: Member;
let other: Member;
let admin: Member;
let fileId: string;

beforeAll(async () => {
  student = await member(app, 'KE');
  other = await member(app, 'KE');
  admin = await member(app, 'US', 'admin');
  fileId = uploaded(
    await upload(app, student.client, 'proof', pdfBytes('Nairobi enrolment'), 'enrolment.pdf'),
  ).id;
});

/** Opens /api/files/:id as a client: the redirect's target, or the refusal. */
async function open(client: Member['client'] | ReturnType<TestApp['client']>, id = fileId) {
  const res = await client.fetch(`${app.baseUrl}/api/files/${id}`);
  const body =
    res.status === 302 ? null : ((await res.json()) as { error: string; data: { appCode: string } });
  return { status: res.status, location: res.headers.get('location'), body };
}

describe('a private file (proof of enrolment)', () => {
  it('is refused to another member, with the reason', async () => {
    const res = await open(other.client);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      error: 'This file is private: only the person who uploaded it and administrators can open it.',
      data: { appCode: 'FORBIDDEN' },
    });
  });

  it('is refused to an anonymous visitor, who is asked to sign in', async () => {
    const res = await open(app.client());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      error: 'Please sign in to open this file.',
      data: { appCode: 'UNAUTHENTICATED' },
    });
  });

  it('opens for its owner and for an administrator through a short-lived signed link (the admin read is audited)', async () => {
    for (const who of [student, admin]) {
      const res = await open(who.client);
      expect(res.status).toBe(302);
      const link = new URL(res.location!);
      const expires = Number(link.searchParams.get('expires'));
      expect(expires * 1000 - Date.now()).toBeGreaterThan(240_000);
      expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(300_000);
      // The link itself is the permission: it works without the session (a new tab, a PDF viewer).
      const content = await fetch(local(app, res.location!));
      expect(content.status).toBe(200);
      expect(content.headers.get('content-type')).toBe('application/pdf');
      expect(content.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(await content.arrayBuffer()).equals(pdfBytes('Nairobi enrolment'))).toBe(true);
    }
    const audit = await app.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'file.opened')
      .where('entity_id', '=', fileId)
      .execute();
    expect(audit).toEqual([{ actor_user_id: admin.id }]);
  });

  it('is not served without a signature, with a forged one, or once the signed link has expired', async () => {
    const content = (query: string) => fetch(`${app.baseUrl}/api/files/${fileId}/content${query}`);
    const unsigned = await content('');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({ error: 'This link is not valid.' });
    const link = new URL((await open(student.client)).location!);
    const forged = await content(
      `?expires=${Number(link.searchParams.get('expires')) + 3600}&signature=${link.searchParams.get('signature')}`,
    );
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: 'This link is not valid.' });
    // A link signed ten minutes ago (five-minute life) has expired.
    const row = await app.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', fileId)
      .executeTakeFirstOrThrow();
    const old = await signedFileUrl(systemContext(app, 'test', new Date(Date.now() - 600_000)), row);
    const expired = await fetch(local(app, old));
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({
      error: 'This link has expired. Open the file again from the page where you found it.',
      data: { appCode: 'FORBIDDEN' },
    });
  });
});

describe('proof of enrolment with an uploaded file', () => {
  it('a student sends proof with the file; the review list shows it; another member cannot attach it', async () => {
    const attachedAt = () =>
      app.db.selectFrom('files').select('attached_at').where('id', '=', fileId).executeTakeFirstOrThrow();
    // Until a form is sent with it, the upload counts as abandoned (removed after a day).
    expect((await attachedAt()).attached_at).toBeNull();
    const proof = await student.client.trpc.membership.submitProof.mutate({
      planCode: 'student',
      fileId,
      expectedEndOn: '2027-06-30',
    });
    expect(proof).toMatchObject({
      details: '',
      file: {
        id: fileId,
        contentType: 'application/pdf',
        sizeBytes: pdfBytes('Nairobi enrolment').length,
        url: `/api/files/${fileId}`,
      },
    });
    expect((await attachedAt()).attached_at).toBeInstanceOf(Date);
    const pending = await admin.client.trpc.membershipAdmin.proofs.query({ status: 'pending' });
    expect(pending.find((p) => p.id === proof.id)?.file?.url).toBe(`/api/files/${fileId}`);

    const stolen = await expectTrpcError(() =>
      other.client.trpc.membership.submitProof.mutate({ planCode: 'student', fileId, expectedEndOn: null }),
    );
    expect(stolen.message).toBe('That upload was not found. Upload the file again.');
    expect(stolen.data.fieldErrors).toEqual({ fileId: ['Upload the file again'] });
  });

  it('without a file, the text is still required', async () => {
    const bad = await expectTrpcError(() =>
      other.client.trpc.membership.submitProof.mutate({
        planCode: 'student',
        details: 'short',
        expectedEndOn: null,
      }),
    );
    expect(bad.data.fieldErrors?.details).toEqual([
      'Upload your letter or ID, or tell us your programme and how we can confirm it (at least 10 characters)',
    ]);
  });
});

describe("deleting the owner's data", () => {
  it("deletes their files' bytes and rows, and clears the proof's link to the file", async () => {
    const row = await app.db
      .selectFrom('files')
      .select('storage_key')
      .where('id', '=', fileId)
      .executeTakeFirstOrThrow();
    const path = join(dataDir, 'files', row.storage_key);
    expect(existsSync(path)).toBe(true);
    const removed = await deleteFilesOfOwner(systemContext(app, 'test'), student.id);
    expect(removed).toBe(1);
    expect(existsSync(path)).toBe(false);
    expect(
      await app.db.selectFrom('files').select('id').where('owner_user_id', '=', student.id).execute(),
    ).toEqual([]);
    const proofs = await student.client.trpc.membership.proofs.query();
    expect(proofs.map((p) => p.file)).toEqual([null]);
    expect((await open(admin.client)).status).toBe(404);
  });
});
