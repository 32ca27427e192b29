import {
  type AppErrorData,
  type FilePurpose,
  UPLOAD_FIELD,
  UPLOAD_HEADER,
  type UploadedFile,
} from '@societas/contracts';

/**
 * A refused upload, shaped like a tRPC error (`message`, `data: AppErrorData`), so readError and
 * the forms' field mapping treat it like any other server error.
 */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly data: Partial<AppErrorData>,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** Sends one file to POST /api/files (multipart); the server checks its type from the bytes. */
export async function uploadFile(purpose: FilePurpose, file: File): Promise<UploadedFile> {
  const body = new FormData();
  body.append(UPLOAD_FIELD, file, file.name);
  const response = await fetch(`/api/files?purpose=${purpose}`, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { [UPLOAD_HEADER]: '1' },
  });
  const json = (await response.json().catch(() => null)) as
    | { file: UploadedFile }
    | { error: string; data: AppErrorData }
    | null;
  if (response.ok && json && 'file' in json) return json.file;
  if (json && 'error' in json) throw new UploadError(json.error, json.data ?? {});
  throw new UploadError('The upload did not go through. Please try again.', {});
}
