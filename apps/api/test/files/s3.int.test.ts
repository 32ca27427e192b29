import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/lib/service-context.js';
import { signedFileUrl } from '../../src/modules/files/files.service.js';
import { deleteFilesOfOwner } from '../../src/modules/files/index.js';
import { makeUser, signedInClient, startTestApp, type TestApp, type TestClient } from '../harness.js';
import { startS3StandIn } from '../s3-stand-in.js';
import { jpegWithMetadata, local, pdfBytes, tempDataDir, upload, uploaded } from './helpers.js';

const BUCKET = 'societas-test-files';
let s3: Awaited<ReturnType<typeof startS3StandIn>>;
let app: TestApp;
let owner: { id: string; client: TestClient };

beforeAll(async () => {
  s3 = await startS3StandIn(BUCKET);
  app = await startTestApp({
    DATA_DIR: tempDataDir(),
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'test-access-key',
    S3_SECRET_ACCESS_KEY: 'test-secret-key',
  });
  const user = await makeUser(app);
  owner = { id: user.id, client: await signedInClient(app, user) };
});
afterAll(async () => {
  await app?.close();
  await s3?.close();
});

describe('S3 mode (an S3-compatible stand-in over HTTP, the real AWS SDK)', () => {
  it('stores an upload in the bucket under its storage key, with the type found in the bytes', async () => {
    const file = uploaded(await upload(app, owner.client, 'proof', pdfBytes(), 'enrolment.pdf'));
    const row = await app.db
      .selectFrom('files')
      .select('storage_key')
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(s3.objects.get(row.storage_key)).toMatchObject({ contentType: 'application/pdf' });
    expect(s3.objects.get(row.storage_key)!.body.equals(pdfBytes())).toBe(true);
    expect(s3.requests.find((r) => r.method === 'PUT')).toMatchObject({
      key: row.storage_key,
      presigned: false,
    });
  });

  it('sends the owner of a private file to a presigned bucket URL that serves it; a signed link expires', async () => {
    const file = uploaded(await upload(app, owner.client, 'proof', pdfBytes('second'), 'b.pdf'));
    const res = await owner.client.fetch(`${app.baseUrl}/api/files/${file.id}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(s3.endpoint);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    const content = await fetch(location);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await content.arrayBuffer()).equals(pdfBytes('second'))).toBe(true);

    const row = await app.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    const old = await signedFileUrl(systemContext(app, 'test', new Date(Date.now() - 600_000)), row);
    const expired = await fetch(old);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    // Our own content route does not serve a private S3 file without a signature either.
    expect((await fetch(`${app.baseUrl}/api/files/${file.id}/content`)).status).toBe(403);
  });

  it('serves a public image from the bucket at its stable URL', async () => {
    const file = uploaded(
      await upload(app, owner.client, 'employer_logo', await jpegWithMetadata(800, 800), 'logo.jpg', {
        claimedType: 'image/jpeg',
      }),
    );
    const row = await app.db
      .selectFrom('files')
      .select('storage_key')
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(s3.objects.get(row.storage_key)?.contentType).toBe('image/webp');
    const res = await fetch(local(app, file.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await res.arrayBuffer()).equals(s3.objects.get(row.storage_key)!.body)).toBe(true);
  });

  it("deleting the owner's data deletes their objects from the bucket", async () => {
    const keys = (
      await app.db.selectFrom('files').select('storage_key').where('owner_user_id', '=', owner.id).execute()
    ).map((r) => r.storage_key);
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => s3.objects.has(k))).toBe(true);
    expect(await deleteFilesOfOwner(systemContext(app, 'test'), owner.id)).toBe(3);
    expect(keys.some((k) => s3.objects.has(k))).toBe(false);
    expect(
      s3.requests
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.key)
        .sort(),
    ).toEqual([...keys].sort());
  });
});
