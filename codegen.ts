import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents from the committed schema, one target per client. The output is committed, and a
// test runs `graphql-codegen --check` so that it never drifts from the documents or the schema.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    // The web client: operations and fragments beside their components, read with useFragment.
    'web/src/gql/': {
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: {
        scalars: { DateTime: 'string', SafeInt: 'number', Upload: 'File' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
      },
    },
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
};

export default config;
