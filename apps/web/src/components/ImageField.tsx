import { Image, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { FilePurpose } from '@societas/contracts';
import { FileUpload } from './FileUpload';

/**
 * An image a form stores by address (a logo, a photo, an icon): upload a file, which fills the
 * address, or paste an address from elsewhere; a preview shows what pages will show. The
 * server marks the upload as in use when the form is saved (abandoned uploads are removed).
 */
export function ImageField<Values extends Record<string, unknown>>({
  form,
  field,
  purpose,
  uploadLabel,
  uploadDescription,
  urlLabel,
  urlDescription,
  previewAlt,
  previewHeight = 64,
}: {
  form: UseFormReturnType<Values>;
  field: keyof Values & string;
  purpose: FilePurpose;
  uploadLabel: string;
  uploadDescription?: string;
  urlLabel: string;
  urlDescription: string;
  previewAlt: string;
  previewHeight?: number;
}) {
  const url = form.values[field];
  return (
    <Stack gap="xs">
      <FileUpload
        purpose={purpose}
        label={uploadLabel}
        description={uploadDescription}
        // The field holds a string (an address); Mantine types field values by path, not by key.
        onUploaded={(file) => file && form.setFieldValue(field, file.url as never)}
      />
      <TextInput
        label={urlLabel}
        description={urlDescription}
        placeholder="https://…"
        type="url"
        {...form.getInputProps(field)}
      />
      {typeof url === 'string' && url !== '' && (
        <Image src={url} alt={previewAlt} h={previewHeight} w="auto" fit="contain" />
      )}
    </Stack>
  );
}
