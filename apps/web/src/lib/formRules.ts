import { zod4Resolver } from 'mantine-form-zod-resolver';
import { withFieldMapping } from './errors';

/** A zod schema as the resolver takes it (any schema from @societas/contracts). */
export type Schema = Parameters<typeof zod4Resolver>[0];

/**
 * The form's validator from the shared schema: it checks what would be sent (`toInput(values)`,
 * for forms whose values are strings the input is not, such as an amount or a date), and puts
 * each error on the rendered field at or above its path; anything else under FORM_ERROR_KEY.
 * Pure (no React), so the mapping is tested in node.
 */
export function schemaValidator<Values>(
  schema: Schema,
  fields: readonly string[],
  toInput?: (values: Values) => unknown,
): (values: Values) => Record<string, string> {
  const resolve = zod4Resolver(schema);
  return withFieldMapping<Values>(
    (values) => resolve((toInput ? toInput(values) : values) as Record<string, unknown>),
    fields,
  );
}
