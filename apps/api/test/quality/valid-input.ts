import type { z } from 'zod';

/**
 * Valid inputs generated from a procedure's zod (v4) input schema, by walking its public `_zod.def`
 * structure, and the one-leaf-at-a-time mutations hostile-input.int.test.ts sends.
 *
 * A leaf gets the first candidate its own schema accepts (so regexes, refinements, enums, lengths,
 * formats and ranges are all honoured without re-implementing them); optional and defaulted fields
 * are filled too, so that the mutations reach them.
 */
type Schema = z.core.$ZodType;
// biome-ignore lint/suspicious/noExplicitAny: the def union is walked by its `type` tag
type Def = any;

const def = (s: Schema): Def => s._zod.def;
const accepts = (s: Schema, v: unknown) => (s as unknown as z.ZodType).safeParse(v).success;

const STRING_CANDIDATES = [
  'Ada Lovelace',
  'valid-slug',
  '0b7a6c1e-4d0f-4c55-9b7e-1f2a3b4c5d6e',
  'someone@example.org',
  'https://example.org/page',
  '2027-01-31',
  '2026-01',
  'US',
  'USD',
  '0000-0002-1825-0097',
  'correct horse battery staple 42',
  'abc',
  'a',
];
const NUMBER_CANDIDATES = [1, 7, 30, 10, 100, 0, 2, 12, 2026, 1000, 0.5];

function stringFor(s: Schema): string | undefined {
  const d = def(s);
  const checks: Def[] = (d.checks ?? []).map((c: Schema) => def(c));
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum));
  const length = checks.find((c) => c.check === 'length_equals')?.length;
  const candidates = [...STRING_CANDIDATES];
  if (length) candidates.push('A'.repeat(length), 'a'.repeat(length), '1'.repeat(length));
  if (min > 0) candidates.push('a'.repeat(min), `${'Valid text '.repeat(Math.ceil(min / 11))}`.trim());
  return candidates.find((c) => accepts(s, c));
}

function numberFor(s: Schema): number | undefined {
  const checks: Def[] = (def(s).checks ?? []).map((c: Schema) => def(c));
  const bounds = checks
    .filter((c) => c.check === 'greater_than' || c.check === 'less_than')
    .map((c) => Number(c.value) + (c.check === 'greater_than' && !c.inclusive ? 1 : 0));
  return [...NUMBER_CANDIDATES, ...bounds].find((c) => accepts(s, c));
}

/** A value `s` accepts, or undefined when none of the candidates fits. */
export function validValue(s: Schema, depth = 0): unknown {
  if (depth > 12) return undefined;
  const d = def(s);
  switch (d.type) {
    case 'string':
      return stringFor(s);
    case 'number':
      return numberFor(s);
    case 'boolean':
      return true;
    case 'date':
      return new Date('2026-06-15T12:00:00Z');
    case 'enum':
      return Object.values(d.entries)[0];
    case 'literal':
      return d.values[0];
    case 'null':
      return null;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return validValue(d.innerType, depth + 1);
    case 'pipe': {
      // string().transform(...).refine(...): a string candidate the whole pipe accepts.
      if (def(d.in).type === 'string') {
        const v = stringFor(s);
        if (v !== undefined) return v;
      }
      // z.preprocess(fn, schema) is pipe(transform, schema); a.pipe(b) must pass both sides.
      for (const side of def(d.in).type === 'transform' ? [d.out] : [d.in, d.out]) {
        const v = validValue(side, depth + 1);
        if (v !== undefined && accepts(s, v)) return v;
      }
      return undefined;
    }
    case 'lazy':
      return validValue(d.getter(), depth + 1);
    case 'array': {
      const min = Math.max(
        1,
        ...(d.checks ?? [])
          .map((c: Schema) => def(c))
          .filter((c: Def) => c.check === 'min_length')
          .map((c: Def) => c.minimum),
      );
      const item = validValue(d.element, depth + 1);
      return item === undefined ? [] : Array.from({ length: min }, () => item);
    }
    case 'tuple':
      return d.items.map((i: Schema) => validValue(i, depth + 1));
    case 'record':
      return {};
    case 'union':
      for (const option of d.options as Schema[]) {
        const v = validValue(option, depth + 1);
        if (v !== undefined && accepts(s, v)) return v;
      }
      return undefined;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(d.shape as Record<string, Schema>)) {
        const v = validValue(field, depth + 1);
        if (v !== undefined) out[key] = v;
      }
      if (accepts(s, out)) return out;
      // A cross-field refinement refused the full object: null the nullable fields, then keep
      // only the required ones.
      const nulled = Object.fromEntries(
        Object.entries(out).map(([k, v]) => [k, accepts(d.shape[k], null) ? null : v]),
      );
      if (accepts(s, nulled)) return nulled;
      const required = Object.fromEntries(Object.entries(out).filter(([k]) => !isOptional(d.shape[k])));
      return accepts(s, required) ? required : out;
    }
    case 'any':
    case 'unknown':
      return 'x';
    default:
      return undefined;
  }
}

export function isOptional(s: Schema): boolean {
  return (s as unknown as { _zod: { optin?: string } })._zod.optin === 'optional';
}

/** What the leaf at a path is, as far as the mutations care. */
function leafKind(s: Schema): string {
  const d = def(s);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(d.type))
    return leafKind(d.innerType);
  if (d.type === 'pipe') return leafKind(def(d.in).type === 'transform' ? d.out : d.in);
  return d.type;
}

export interface Mutation {
  /** Dotted path of the mutated field, as the API's fieldErrors name it. */
  path: string;
  what: string;
  input: unknown;
}

const UNICODE = '😀🧬\u0000\u202e‮ünïcödé';
/**
 * Bad values for any leaf; `kind` adds the wrong type for that leaf. `maxChars` bounds the long
 * strings: a query's input travels in the URL, and Node refuses request heads over 16 KB (431)
 * before any handler runs, so queries get strings that still arrive.
 */
function badValues(kind: string, maxChars: number): Array<[string, unknown]> {
  const wrongType: Array<[string, unknown]> =
    kind === 'string' || kind === 'enum'
      ? [['number for string', 12345]]
      : kind === 'number'
        ? [
            ['string for number', '12'],
            ['negative', -1],
            ['below int32', -2_147_483_649],
            ['huge', 1e308],
            ['NaN', Number.NaN],
            ['Infinity', Number.POSITIVE_INFINITY],
            ['fraction', 0.5],
          ]
        : kind === 'boolean'
          ? [['string for boolean', 'true']]
          : kind === 'date'
            ? [['invalid date', new Date('nope')]]
            : kind === 'array'
              ? [['huge array', Array.from({ length: Math.floor(maxChars / 12) }, () => 'x')]]
              : [];
  return [
    ...wrongType,
    ['null', null],
    ['huge string', 'x'.repeat(maxChars)],
    ['unicode, NUL and RTL', UNICODE.repeat(Math.max(1, Math.floor(maxChars / 200)))],
    ['short with NUL', 'a\u0000b'],
    ['SQL', "'; DROP TABLE users; --"],
    ['SQL tautology', "1' OR '1'='1"],
    ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['object', { $ne: null }],
    ['array', [1, 'two', null]],
  ];
}

/** Leaf paths of `value` under `schema`, with the leaf's schema (objects are descended into). */
function leaves(
  schema: Schema,
  value: unknown,
  path: string[] = [],
): Array<{ path: string[]; schema: Schema }> {
  const d = def(schema);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(d.type))
    return leaves(d.innerType, value, path);
  if (d.type === 'pipe') return leaves(def(d.in).type === 'transform' ? d.out : d.in, value, path);
  if (d.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Array<{ path: string[]; schema: Schema }> = [];
    for (const [key, field] of Object.entries(d.shape as Record<string, Schema>))
      if (key in value) out.push(...leaves(field, (value as Record<string, unknown>)[key], [...path, key]));
    return out;
  }
  return path.length > 0 ? [{ path, schema }] : [];
}

/** Required keys of objects on the way down, for the "missing required field" mutations. */
function requiredPaths(schema: Schema, path: string[] = []): string[][] {
  const d = def(schema);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(d.type))
    return requiredPaths(d.innerType, path);
  if (d.type === 'pipe') return requiredPaths(def(d.in).type === 'transform' ? d.out : d.in, path);
  if (d.type !== 'object') return [];
  return Object.entries(d.shape as Record<string, Schema>).flatMap(([key, field]) =>
    isOptional(field)
      ? requiredPaths(field, [...path, key])
      : [[...path, key], ...requiredPaths(field, [...path, key])],
  );
}

function setAt(value: unknown, path: string[], leaf: unknown, remove = false): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = leaf;
  return copy;
}

/**
 * Each leaf of `base` replaced by each bad value (plus its wrong types), each required field
 * dropped, an extra key added; at most `limit` cases, spread evenly over the leaves.
 */
export function mutations(
  schema: Schema,
  base: unknown,
  options: { limit: number; maxChars: number },
): Mutation[] {
  const { limit, maxChars } = options;
  const perLeaf: Mutation[][] = [];
  for (const leaf of leaves(schema, base)) {
    const path = leaf.path.join('.');
    perLeaf.push(
      badValues(leafKind(leaf.schema), maxChars).map(([what, v]) => ({
        path,
        what,
        input: setAt(base, leaf.path, v),
      })),
    );
  }
  const structural: Mutation[] = [];
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    for (const p of requiredPaths(schema))
      if (hasPath(base, p))
        structural.push({ path: p.join('.'), what: 'missing', input: setAt(base, p, undefined, true) });
    structural.push({
      path: '',
      what: 'extra key',
      input: { ...(base as object), unexpectedKey: "'; DROP TABLE x; --" },
    });
  }
  // Round-robin over the leaves so a limit keeps every leaf covered by its first (wrong-type) cases.
  const out: Mutation[] = [...structural];
  for (let i = 0; out.length < limit && perLeaf.some((l) => i < l.length); i++)
    for (const l of perLeaf) if (i < l.length && out.length < limit) out.push(l[i]!);
  return out.slice(0, limit);
}

function hasPath(value: unknown, path: string[]): boolean {
  let node = value;
  for (const key of path) {
    if (!node || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
