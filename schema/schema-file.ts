import { printSchema } from 'graphql';
import { schema } from './index.js';

/** The text of `schema.graphql`, in the order the schema files declare it. */
export function printSchemaFile(): string {
  return `${printSchema(schema)}\n`;
}
