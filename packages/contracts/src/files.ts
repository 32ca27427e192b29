import { z } from './zod.js';

/**
 * Uploaded files (ADR 018): what each kind of upload is for, which content types it takes (found
 * from the bytes on the server), how large it may be, and who may read it. The web form shows the
 * same limits before anything is sent; the server is the one that enforces them.
 */
export const FILE_PURPOSES = [
  'proof',
  'employer_logo',
  'spotlight_photo',
  'society_logo',
  'society_favicon',
] as const;
export const filePurposeSchema = z.enum(FILE_PURPOSES, { message: 'Not a kind of upload we take' });
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export const FILE_CONTENT_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

const MB = 1024 * 1024;
const IMAGES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export interface FilePurposeRule {
  /** The form field the upload belongs to (where its errors show). */
  label: string;
  accept: readonly string[];
  maxBytes: number;
  visibility: 'public' | 'private';
  /** Images are re-encoded to fit inside this many pixels on their longer side. */
  maxImagePixels: number;
  /**
   * What images are re-encoded to: WebP by default; PNG for a favicon, the one format every
   * browser takes in `<link rel="icon">` (Safari does not take WebP there), padded to a square.
   */
  imageOutput?: 'png-square';
}

export const FILE_PURPOSE_RULES: Record<FilePurpose, FilePurposeRule> = {
  proof: {
    label: 'proof of enrolment',
    accept: ['application/pdf', ...IMAGES],
    maxBytes: 10 * MB,
    visibility: 'private',
    maxImagePixels: 2400,
  },
  employer_logo: {
    label: 'logo',
    accept: IMAGES,
    maxBytes: 2 * MB,
    visibility: 'public',
    maxImagePixels: 512,
  },
  spotlight_photo: {
    label: 'photo',
    accept: IMAGES,
    maxBytes: 8 * MB,
    visibility: 'public',
    maxImagePixels: 1600,
  },
  society_logo: {
    label: 'logo',
    accept: IMAGES,
    maxBytes: 2 * MB,
    visibility: 'public',
    maxImagePixels: 512,
  },
  society_favicon: {
    label: 'icon',
    accept: IMAGES,
    maxBytes: 1 * MB,
    visibility: 'public',
    maxImagePixels: 64,
    imageOutput: 'png-square',
  },
};

/** "PDF, JPEG, PNG or WebP". */
export function acceptedTypesText(purpose: FilePurpose): string {
  const names = FILE_PURPOSE_RULES[purpose].accept.map((t) => FILE_CONTENT_LABELS[t] ?? t);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
}

export function formatFileSize(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const fileSchema = z.object({
  id: z.string(),
  purpose: filePurposeSchema,
  visibility: z.enum(['public', 'private']),
  contentType: z.string(),
  sizeBytes: z.number(),
  /** Where to open it: a stable address for public files; for private ones a page that checks who asks. */
  url: z.string(),
  createdAt: z.date(),
});
export type UploadedFile = z.infer<typeof fileSchema>;

/** The file field's name in an upload (multipart/form-data) and the header every upload carries. */
export const UPLOAD_FIELD = 'file';
export const UPLOAD_HEADER = 'x-societas-upload';
