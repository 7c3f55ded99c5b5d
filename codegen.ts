import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents from the committed schema. The output is committed, and a test runs
// `graphql-codegen --check` so that it never drifts from the documents or the schema.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    // The command-line client's operations, and the example scripts that use the same documents.
    'cli/gql/': {
      documents: ['cli/**/*.ts', 'examples/**/*.ts', '!cli/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', SafeInt: 'number', Upload: 'Blob' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        // Imports with a .js extension, as Node's ESM resolution needs.
        emitLegacyCommonJSImports: false,
      },
    },
  },
  hooks: { afterOneFileWrite: ['prettier --write'] },
};

export default config;
