import { useLingui } from '@lingui/react/macro';
import { PasswordInput, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { PASSWORD_MIN } from '@societas/contracts';

type FormOf<Values> = Pick<UseFormReturnType<Values>, 'key' | 'getInputProps'>;

/** The email field of the sign-in, sign-up and link-request forms. */
export function EmailInput({ form, description }: { form: FormOf<{ email: string }>; description?: string }) {
  const { t } = useLingui();
  return (
    <TextInput
      label={t`Email`}
      description={description}
      type="email"
      autoComplete="email"
      required
      key={form.key('email')}
      {...form.getInputProps('email')}
    />
  );
}

/** A new password typed twice (reset and change password): the schema checks the two match. */
export function NewPasswordInputs<Field extends string>({
  form,
  field,
}: {
  form: FormOf<Record<Field | 'confirmPassword', string>>;
  field: Field;
}) {
  const { t } = useLingui();
  const min = PASSWORD_MIN;
  return (
    <>
      <PasswordInput
        label={t`New password`}
        description={t`At least ${min} characters.`}
        autoComplete="new-password"
        required
        key={form.key(field)}
        {...form.getInputProps(field)}
      />
      <PasswordInput
        label={t`Repeat the new password`}
        autoComplete="new-password"
        required
        key={form.key('confirmPassword')}
        {...form.getInputProps('confirmPassword')}
      />
    </>
  );
}
