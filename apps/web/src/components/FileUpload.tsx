import { FileInput, Text } from '@mantine/core';
import {
  acceptedTypesText,
  FILE_PURPOSE_RULES,
  type FilePurpose,
  formatFileSize,
  UPLOAD_FIELD,
  type UploadedFile,
} from '@societas/contracts';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { readError } from '../lib/errors';
import { uploadFile } from '../lib/upload';

/**
 * A file field that uploads as soon as a file is chosen and hands the stored file to the form
 * (usually its id or URL into a form value). A refusal (wrong type, too large) shows at the field.
 */
export function FileUpload({
  purpose,
  label,
  description,
  error,
  onUploaded,
  onError,
}: {
  purpose: FilePurpose;
  label: string;
  description?: string;
  /** The form's error for this field (the server's); an upload's refusal shows here either way. */
  error?: React.ReactNode;
  onUploaded: (file: UploadedFile | null) => void;
  /** Told of an upload's refusal too, for a form that must not be sent without the file. */
  onError?: (message: string | null) => void;
}) {
  const rule = FILE_PURPOSE_RULES[purpose];
  const [chosen, setChosen] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [done, setDone] = useState<UploadedFile | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const shownError = error ?? refusal;

  const choose = async (file: File | null) => {
    setChosen(file);
    setDone(null);
    setRefusal(null);
    onError?.(null);
    onUploaded(null);
    if (!file) return;
    setUploading(true);
    try {
      const stored = await uploadFile(purpose, file);
      setDone(stored);
      onUploaded(stored);
    } catch (e) {
      const readable = readError(e);
      const message = readable.fieldErrors[UPLOAD_FIELD]?.[0] ?? readable.message;
      setRefusal(message);
      onError?.(message);
    } finally {
      setUploading(false);
    }
  };

  return (
    <div>
      <FileInput
        label={label}
        description={description ?? `${acceptedTypesText(purpose)}, up to ${formatFileSize(rule.maxBytes)}`}
        accept={rule.accept.join(',')}
        leftSection={<IconUpload size={16} aria-hidden />}
        value={chosen}
        onChange={(file) => void choose(file)}
        clearable
        disabled={uploading}
        error={shownError}
        aria-invalid={shownError ? true : undefined}
        maw={420}
      />
      {uploading && (
        <Text size="xs" c="dimmed" role="status">
          Uploading…
        </Text>
      )}
      {done && !shownError && (
        <Text size="xs" c="teal.8" role="status">
          Uploaded ({formatFileSize(done.sizeBytes)}).
        </Text>
      )}
    </div>
  );
}
