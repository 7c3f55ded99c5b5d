import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { ROOT } from '../../support/server-process.js';

/** One field of Query or Mutation as a complete operation that passes every argument as a variable. */
export interface Operation {
  name: string;
  kind: 'query' | 'mutation';
  document: string;
  args: readonly GraphQLArgument[];
}

/** Every operation of the committed schema: a field added later is fuzzed without a change here. */
export function operationsOfSchema(): Operation[] {
  const schema = buildSchema(readFileSync(join(ROOT, 'schema', 'schema.graphql'), 'utf8'));
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([kind, root]) =>
    Object.values(root?.getFields() ?? {}).map((field) => {
      const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
      const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const selection = isScalarLike(field.type) ? '' : ' { __typename }';
      const document =
        `${kind} Fuzz${variables ? `(${variables})` : ''} { ` +
        `${field.name}${passed ? `(${passed})` : ''}${selection} }`;
      return { name: field.name, kind, document, args: field.args };
    }),
  );
}

function isScalarLike(type: Parameters<typeof getNamedType>[0]): boolean {
  const named = getNamedType(type);
  return isScalarType(named) || isEnumType(named);
}

/** IDs worth trying beside random text: real ones of each type, and well-formed ones of no row. */
export interface KnownValues {
  ids: string[];
  names: string[];
}

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** Text of every kind: empty, blank, long, control characters, any script, JSON-looking, SQL-looking. */
function anyText(known: KnownValues): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', '\t\n', "' OR 1=1 --", '{"a":1}', '%00', '../../etc/passwd', '名字'),
    fc.nat({ max: 300_000 }).map((length) => 'x'.repeat(length)),
    fc.constantFrom(...known.names),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
  );
}

function anyId(known: KnownValues): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...known.ids),
    fc
      .tuple(fc.constantFrom('Movie', 'User', 'Notice', 'Nope', ''), fc.string())
      .map(([type, id]) => globalId(type, id)),
    // Rows that do not exist: far above any id the test makes.
    fc
      .tuple(fc.constantFrom('Movie', 'User'), fc.bigInt({ min: 10n ** 6n, max: 10n ** 30n }))
      .map(([type, id]) => globalId(type, String(id))),
    anyText(known),
  );
}

function anyInt(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer(),
    fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, -(2 ** 53) + 1),
    fc.integer({ min: -1000, max: 1000 }),
  );
}

/** A value of the argument's own type, sometimes of another (the server must refuse it with a code). */
export function argumentValue(type: GraphQLInputType, known: KnownValues): fc.Arbitrary<unknown> {
  const wrongType = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    { weight: 8, arbitrary: typedValue(type, known) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function typedValue(type: GraphQLInputType, known: KnownValues): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return typedValue(type.ofType, known);
  if (isListType(type)) return fc.array(typedValue(type.ofType, known), { maxLength: 5 });
  if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((value) => value.name)), fc.string());
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.record(Object.fromEntries(fields.map((field) => [field.name, argumentValue(field.type, known)])));
  }
  switch (type.name) {
    case 'ID':
      return anyId(known);
    case 'Int':
    case 'SafeInt':
      return anyInt();
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    default:
      // String, DateTime, Upload (which JSON cannot carry) and any scalar added later.
      return anyText(known);
  }
}

/** The variables of `operation`: each argument sometimes left out, else a value from `argumentValue`. */
export function variablesOf(operation: Operation, known: KnownValues): fc.Arbitrary<Record<string, unknown>> {
  const entries = operation.args.map((arg) => [arg.name, argumentValue(arg.type, known)] as const);
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] });
}
