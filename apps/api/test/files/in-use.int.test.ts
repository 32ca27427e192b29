import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULED_TASKS } from '../../src/worker/tasks.js';
import { makeUser, signedInClient, startTestApp, type TestApp, type TestClient } from '../harness.js';
import { jpegWithMetadata, local, pdfBytes, tempDataDir, upload, uploaded } from './helpers.js';

/**
 * Uploads people use (issue 15): the society's logo and tab icon, a spotlight's photo; uploads
 * nobody saved are removed after a day; one account cannot upload without limit.
 */
let app: TestApp;
let admin: TestClient;

beforeAll(async () => {
  app = await startTestApp({ DATA_DIR: tempDataDir() });
  admin = await signedInClient(app, await makeUser(app, { role: 'admin' }));
});
afterAll(async () => {
  await app?.close();
});

const jpeg = (w: number, h: number) => jpegWithMetadata(w, h);
const asImage = { claimedType: 'image/jpeg' };

async function attachedAt(id: string) {
  const row = await app.db.selectFrom('files').select('attached_at').where('id', '=', id).executeTakeFirst();
  return row ? row.attached_at : 'gone';
}

function abandonedUploadsTask() {
  const task = SCHEDULED_TASKS.find((t) => t.name === 'abandoned-uploads');
  if (!task) throw new Error('the abandoned-uploads task is not scheduled');
  return (now: Date) => task.run({ db: app.db, env: app.env, log: pino({ level: 'silent' }) }, now);
}

describe("the society's logo and tab icon", () => {
  it('an admin uploads both and saves the settings; the icon is a 64 × 64 PNG; both are in use', async () => {
    const logo = uploaded(
      await upload(app, admin, 'society_logo', await jpeg(1200, 400), 'logo.jpg', asImage),
    );
    const icon = uploaded(
      await upload(app, admin, 'society_favicon', await jpeg(300, 200), 'icon.jpg', asImage),
    );
    expect(icon).toMatchObject({ visibility: 'public', contentType: 'image/png' });
    const served = Buffer.from(await (await fetch(local(app, icon.url))).arrayBuffer());
    expect(await sharp(served).metadata()).toMatchObject({ format: 'png', width: 64, height: 64 });
    expect(await attachedAt(logo.id)).toBeNull();

    const { updatedAt: _, ...current } = await admin.trpc.settings.get.query();
    await admin.trpc.settings.update.mutate({
      ...current,
      logoUrl: logo.url,
      faviconUrl: icon.url,
      socialLinks: { website: null, bluesky: null, mastodon: null, linkedin: null, x: null, youtube: null },
    });
    const read = await app.client().trpc.settings.get.query();
    expect(read).toMatchObject({ logoUrl: logo.url, faviconUrl: icon.url });
    expect(await attachedAt(logo.id)).toBeInstanceOf(Date);
    expect(await attachedAt(icon.id)).toBeInstanceOf(Date);
  });

  it('refuses a PDF as the icon, at the file field', async () => {
    const result = await upload(app, admin, 'society_favicon', pdfBytes(), 'icon.png', {
      claimedType: 'image/png',
    });
    expect(result.status).toBe(400);
    if (!('data' in result)) throw new Error('expected a refusal');
    expect(result.data.fieldErrors?.file?.[0]).toMatch(
      /^This file is a PDF file\. Icon must be a JPEG, PNG or WebP file\.$/,
    );
  });
});

describe('uploads nobody saved', () => {
  it('are removed a day after upload (bytes and row); uploads a saved spotlight uses stay, however old', async () => {
    const used = uploaded(
      await upload(app, admin, 'spotlight_photo', await jpeg(800, 600), 'p.jpg', asImage),
    );
    const abandoned = uploaded(
      await upload(app, admin, 'spotlight_photo', await jpeg(800, 600), 'q.jpg', asImage),
    );
    await admin.trpc.spotlights.create.mutate({
      slug: `photo-story-${Date.now().toString(36)}`,
      title: 'A portrait',
      standfirst: 'From the bench to the clinic.',
      bodyMd: 'A **story**.',
      photoUrl: used.url,
      memberUserId: null,
      qa: [],
      tags: [],
    });
    expect(await attachedAt(used.id)).toBeInstanceOf(Date);
    expect(await attachedAt(abandoned.id)).toBeNull();

    const run = abandonedUploadsTask();
    // Within the day, nothing goes.
    await run(new Date(Date.now() + 23 * 3600_000));
    expect(await attachedAt(abandoned.id)).toBeNull();
    expect((await fetch(local(app, abandoned.url))).status).toBe(200);

    const result = await run(new Date(Date.now() + 25 * 3600_000));
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(await attachedAt(abandoned.id)).toBe('gone');
    expect((await fetch(local(app, abandoned.url))).status).toBe(404);
    expect(await attachedAt(used.id)).toBeInstanceOf(Date);
    expect((await fetch(local(app, used.url))).status).toBe(200);
  });
});

describe('upload limit', () => {
  it('an account is refused its 61st upload in an hour, with the reason at the file field', async () => {
    const busy = await signedInClient(app, await makeUser(app));
    for (let i = 0; i < 60; i += 1)
      uploaded(await upload(app, busy, 'proof', pdfBytes(`page ${i}`), 'p.pdf'));
    const result = await upload(app, busy, 'proof', pdfBytes(), 'one-more.pdf');
    expect(result.status).toBe(429);
    if (!('data' in result)) throw new Error('expected a refusal');
    expect(result.data.appCode).toBe('RATE_LIMITED');
    expect(result.data.fieldErrors?.file).toEqual([
      'You have uploaded many files in the last hour. Please wait a little and try again.',
    ]);
    // Someone else is not held back by it.
    const other = await signedInClient(app, await makeUser(app));
    expect((await upload(app, other, 'proof', pdfBytes(), 'p.pdf')).status).toBe(201);
  });
});
