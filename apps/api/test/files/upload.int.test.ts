import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeUser,
  signedInClient,
  startTestApp,
  TEST_PUBLIC_URL,
  type TestApp,
  type TestClient,
} from '../harness.js';
import {
  elfBytes,
  exeBytes,
  jpegWithMetadata,
  local,
  pdfBytes,
  tempDataDir,
  upload,
  uploaded,
} from './helpers.js';

let app: TestApp;
let student: TestClient;

beforeAll(async () => {
  app = await startTestApp({ DATA_DIR: tempDataDir() });
  student = await signedInClient(app, await makeUser(app));
});
afterAll(async () => {
  await app?.close();
});

describe('uploads: what is accepted', () => {
  it('accepts a PDF proof of enrolment, stores it private, and records the type found in the bytes', async () => {
    const file = uploaded(
      await upload(app, student, 'proof', pdfBytes(), 'enrolment.pdf', { claimedType: 'text/plain' }),
    );
    expect(file).toMatchObject({ purpose: 'proof', visibility: 'private', contentType: 'application/pdf' });
    expect(file.url).toBe(`/api/files/${file.id}`);
    const row = await app.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      content_type: 'application/pdf',
      size_bytes: pdfBytes().length,
      visibility: 'private',
    });
  });

  it('re-encodes an employer logo: resized to 512 px, WebP, EXIF metadata dropped; served at a stable public URL', async () => {
    const photo = await jpegWithMetadata(2000, 1000);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const file = uploaded(
      await upload(app, student, 'employer_logo', photo, 'logo.jpg', { claimedType: 'image/jpeg' }),
    );
    expect(file).toMatchObject({ visibility: 'public', contentType: 'image/webp' });
    const res = await fetch(local(app, file.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const served = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 512, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(served.includes(Buffer.from('Secret Camera Owner'))).toBe(false);
  });
});

describe('the employer logo as an upload', () => {
  it('an employer uploads a logo and saves its URL in the profile; the dashboard shows it and it is served resized', async () => {
    const employer = await signedInClient(app, await makeUser(app));
    const file = uploaded(
      await upload(app, employer, 'employer_logo', await jpegWithMetadata(1200, 600), 'logo.jpg', {
        claimedType: 'image/jpeg',
      }),
    );
    expect(file.url).toBe(`${TEST_PUBLIC_URL}/api/files/${file.id}/content`);
    await employer.trpc.employer.saveProfile.mutate({
      name: 'Helix Labs',
      logoUrl: file.url,
      billingEmail: 'billing@helix.example',
    });
    const dashboard = await employer.trpc.employer.dashboard.query();
    expect(dashboard.employer?.logoUrl).toBe(file.url);
    const served = await fetch(local(app, dashboard.employer!.logoUrl!));
    expect(await sharp(Buffer.from(await served.arrayBuffer())).metadata()).toMatchObject({
      format: 'webp',
      width: 512,
      height: 256,
    });
  });
});

describe('uploads: what is refused, with the message at the file field', () => {
  it('refuses a Linux program renamed to .pdf', async () => {
    const result = await upload(app, student, 'proof', elfBytes(), 'enrolment.pdf');
    expect(result.status).toBe(400);
    const expected =
      'This file is a program, whatever its name says, and we do not accept programs. Proof of enrolment must be a PDF, JPEG, PNG or WebP file.';
    expect(result).toMatchObject({
      error: expected,
      data: { appCode: 'BAD_INPUT', fieldErrors: { file: [expected] } },
    });
  });

  it('refuses a Windows program renamed to .pdf', async () => {
    const result = await upload(app, student, 'proof', exeBytes(), 'letter.pdf');
    expect(result.status).toBe(400);
    expect(result).toMatchObject({ data: { appCode: 'BAD_INPUT' } });
    expect('error' in result && result.error).toMatch(/^This file is a program/);
  });

  it('refuses a proof larger than 10 MB and says the limit', async () => {
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024)]);
    const result = await upload(app, student, 'proof', big, 'scan.pdf');
    expect(result.status).toBe(400);
    const expected =
      'This file is too large for a proof of enrolment: the limit is 10 MB. Try a smaller file or a lower resolution scan.';
    expect(result).toMatchObject({
      error: expected,
      data: { appCode: 'BAD_INPUT', fieldErrors: { file: [expected] } },
    });
  });

  it('refuses a type the purpose does not take (a PDF as a logo)', async () => {
    const result = await upload(app, student, 'employer_logo', pdfBytes(), 'logo.png', {
      claimedType: 'image/png',
    });
    expect(result.status).toBe(400);
    const expected = 'This file is a PDF file. Logo must be a JPEG, PNG or WebP file.';
    expect(result).toMatchObject({ error: expected, data: { fieldErrors: { file: [expected] } } });
  });

  it('refuses bytes it does not recognise (text named .pdf)', async () => {
    const result = await upload(app, student, 'proof', Buffer.from('I promise I am a student'), 'proof.pdf');
    expect(result).toMatchObject({
      status: 400,
      error:
        'This file is not a file type we recognise. Proof of enrolment must be a PDF, JPEG, PNG or WebP file.',
    });
  });

  it('refuses anonymous uploads and uploads without the upload header (cross-site forms)', async () => {
    const anonymous = await upload(app, app.client(), 'proof', pdfBytes(), 'a.pdf');
    expect(anonymous).toMatchObject({
      status: 401,
      error: 'Please sign in to continue.',
      data: { appCode: 'UNAUTHENTICATED' },
    });
    const noHeader = await upload(app, student, 'proof', pdfBytes(), 'a.pdf', { header: false });
    expect(noHeader).toMatchObject({ status: 403, error: 'Cross-origin requests are not allowed.' });
    expect(
      await app.db.selectFrom('files').select('id').where('size_bytes', '=', pdfBytes().length).execute(),
    ).toHaveLength(1);
  });
});
