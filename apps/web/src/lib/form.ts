import { type FormValidateInput, type UseFormInput, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { applyServerErrors, FORM_ERROR_KEY } from './errors';
import { type Schema, schemaValidator } from './formRules';

export interface AppFormOptions<Values extends Record<string, unknown>, Output, Input = Values>
  extends Omit<UseFormInput<Values>, 'validate' | 'initialValues'> {
  initialValues: Values;
  /**
   * The shared zod schema from @societas/contracts the server checks the input against; the form
   * checks `toInput(values)` with it first, so a mistake shows at its field before anything is sent.
   */
  schema?: Schema;
  /**
   * What the form sends, made from its values (default: the values themselves): for fields the
   * form keeps as text but the input wants otherwise (an amount in minor units, a date, a term),
   * or values the person does not type (an id, a request key). Keep the field names: errors map
   * back by path.
   */
  toInput?: (values: Values) => Input;
  /** Hand-written rules, for forms whose input has no schema of its own (used when there is no schema). */
  validate?: FormValidateInput<Values>;
  /**
   * The paths of the fields the form renders. Errors (the schema's and the server's) at or below a
   * path show at that field; any other error goes to the form's alert so it is never lost.
   * Default: the keys of `initialValues`.
   */
  fields?: readonly string[];
  /** Sends the input: usually one tRPC call, e.g. `(input) => client.auth.signIn.mutate(input)`. */
  submit: (input: Input, values: Values) => Promise<Output>;
  /** After a successful submit (navigate, notify, reset). An error thrown here shows in the alert. */
  onSuccess?: (output: Output, values: Values) => unknown;
  /**
   * Sees a failed submit first. Return true when it has shown the error its own way (a page
   * state, another message); otherwise the usual handling follows (fields, then the alert).
   */
  onError?: (error: unknown, values: Values) => unknown;
}

/**
 * One way to write a form: a Mantine form checked by the shared zod schema, a mutation, the
 * server's field errors at their fields and everything else in one form-level message, and
 * `aria-invalid` on every input with an error (PasswordInput does not set it on its <input>).
 *
 * Render `formError` with <FormAlert> (or use <FormFrame> / <ModalForm>), pass `onSubmit` to
 * <form>, and `isPending` to the button.
 */
export function useAppForm<Values extends Record<string, unknown>, Output = unknown, Input = Values>(
  options: AppFormOptions<Values, Output, Input>,
) {
  const {
    schema,
    toInput,
    validate,
    fields: givenFields,
    submit,
    onSuccess,
    onError,
    ...formInput
  } = options;
  const fields = givenFields ?? Object.keys(options.initialValues);
  const [formError, setFormError] = useState<string | null>(null);
  const fromSchema = schema ? schemaValidator<Values>(schema, fields, toInput) : undefined;
  const form = useForm<Values>({
    ...formInput,
    validate: fromSchema ?? validate,
    enhanceGetInputProps: (payload) => ({
      ...formInput.enhanceGetInputProps?.(payload),
      ...(payload.inputProps.error ? { 'aria-invalid': true } : {}),
    }),
  });
  const mutation = useMutation({
    mutationFn: (values: Values) => submit(toInput ? toInput(values) : (values as unknown as Input), values),
  });

  const onSubmit = form.onSubmit(
    async (values) => {
      setFormError(null);
      try {
        const output = await mutation.mutateAsync(values);
        await onSuccess?.(output, values);
      } catch (error) {
        if (onError?.(error, values) === true) return;
        setFormError(applyServerErrors(form, error, fields));
      }
    },
    (errors) => {
      const formLevel = errors[FORM_ERROR_KEY];
      setFormError(typeof formLevel === 'string' ? formLevel : null);
    },
  );

  /** Drops the field errors and the alert, e.g. when a dialog closes with the form kept for later. */
  const clearErrors = () => {
    form.clearErrors();
    setFormError(null);
  };

  return { form, formError, setFormError, clearErrors, onSubmit, isPending: mutation.isPending, mutation };
}

/** What <FormFrame> and <ModalForm> need of a form made by useAppForm. */
export interface AppFormState {
  formError: string | null;
  clearErrors: () => void;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  isPending: boolean;
}
