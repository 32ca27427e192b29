import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppErrorData, UPLOAD_HEADER, type UploadedFile } from '@societas/contracts';
import sharp from 'sharp';
import { TEST_PUBLIC_URL, type TestApp, type TestClient } from '../harness.js';

/** A file store of the test's own (disk mode), so tests never write into the repository's .data. */
export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'societas-files-'));

/** A minimal, well-formed one-page PDF. */
export function pdfBytes(text = 'Proof of enrolment'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** The first bytes of a Linux program (ELF header), padded. */
export const elfBytes = () =>
  Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
/** The first bytes of a Windows program (MZ / PE header), padded. */
export const exeBytes = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126)]);

/** A JPEG photo with EXIF metadata (a camera's, a place's) that uploads must not keep. */
export async function jpegWithMetadata(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Secret Camera Owner', Artist: 'Someone' } })
    .toBuffer();
}

export type UploadResult =
  | { status: 201; file: UploadedFile }
  | { status: number; error: string; data: AppErrorData };

/** Uploads as the web app does: multipart with one `file`, the upload header, the client's cookies. */
export async function upload(
  app: TestApp,
  client: TestClient,
  purpose: string,
  bytes: Buffer,
  name: string,
  options: { header?: boolean; claimedType?: string } = {},
): Promise<UploadResult> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(bytes)], { type: options.claimedType ?? 'application/pdf' }),
    name,
  );
  const headers: Record<string, string> = {};
  if (options.header !== false) headers[UPLOAD_HEADER] = '1';
  const res = await client.fetch(`${app.baseUrl}/api/files?purpose=${purpose}`, {
    method: 'POST',
    body: form,
    headers,
  });
  return { status: res.status, ...((await res.json()) as object) } as UploadResult;
}

export function uploaded(result: UploadResult): UploadedFile {
  if (result.status !== 201 || !('file' in result))
    throw new Error(`upload refused: ${JSON.stringify(result)}`);
  return result.file;
}

/** The server's absolute addresses use PUBLIC_URL; tests reach it on its real port. */
export const local = (app: TestApp, url: string) =>
  url.startsWith(TEST_PUBLIC_URL)
    ? app.baseUrl + url.slice(TEST_PUBLIC_URL.length)
    : url.startsWith('/')
      ? app.baseUrl + url
      : url;
