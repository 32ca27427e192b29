import { type FormValidateInput, type UseFormInput, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { applyServerErrors, FORM_ERROR_KEY, withFieldMapping } from './errors';

type Schema = Parameters<typeof zod4Resolver>[0];

export interface AppFormOptions<Values extends Record<string, unknown>, Output>
  extends Omit<UseFormInput<Values>, 'validate' | 'initialValues'> {
  initialValues: Values;
  /**
   * The shared zod schema from @societas/contracts the server checks the input against; the form
   * checks the values with it first, so a mistake shows at its field before anything is sent.
   */
  schema?: Schema;
  /** Hand-written rules, for forms whose values are not the input (used when there is no schema). */
  validate?: FormValidateInput<Values>;
  /**
   * The paths of the fields the form renders. Errors (the schema's and the server's) at or below a
   * path show at that field; any other error goes to the form's alert so it is never lost.
   * Default: the keys of `initialValues`.
   */
  fields?: readonly string[];
  /** Sends the values: usually one tRPC call, e.g. `(values) => client.auth.signIn.mutate(values)`. */
  submit: (values: Values) => Promise<Output>;
  /** After a successful submit (navigate, notify, reset). An error thrown here shows in the alert. */
  onSuccess?: (output: Output, values: Values) => unknown;
}

/**
 * One way to write a form: a Mantine form checked by the shared zod schema, a mutation, the
 * server's field errors at their fields and everything else in one form-level message, and
 * `aria-invalid` on every input with an error (PasswordInput does not set it on its <input>).
 *
 * Render `formError` with <FormAlert>, pass `onSubmit` to <form>, and `isPending` to the button.
 */
export function useAppForm<Values extends Record<string, unknown>, Output = unknown>(
  options: AppFormOptions<Values, Output>,
) {
  const { schema, validate, fields: givenFields, submit, onSuccess, ...formInput } = options;
  const fields = givenFields ?? Object.keys(options.initialValues);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    ...formInput,
    validate: schema ? withFieldMapping<Values>(zod4Resolver(schema), fields) : validate,
    enhanceGetInputProps: (payload) => ({
      ...formInput.enhanceGetInputProps?.(payload),
      ...(payload.inputProps.error ? { 'aria-invalid': true } : {}),
    }),
  });
  const mutation = useMutation({ mutationFn: submit });

  const onSubmit = form.onSubmit(
    async (values) => {
      setFormError(null);
      try {
        const output = await mutation.mutateAsync(values);
        await onSuccess?.(output, values);
      } catch (error) {
        setFormError(applyServerErrors(form, error, fields));
      }
    },
    (errors) => {
      const formLevel = errors[FORM_ERROR_KEY];
      setFormError(typeof formLevel === 'string' ? formLevel : null);
    },
  );

  return { form, formError, setFormError, onSubmit, isPending: mutation.isPending, mutation };
}
