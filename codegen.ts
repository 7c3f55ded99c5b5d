import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the web client, from the committed schema. The output is committed, and a
// test runs `graphql-codegen --check` so that it never drifts from the documents or the schema.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: {
        scalars: { DateTime: 'string', SafeInt: 'number', Upload: 'File' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
      },
    },
  },
};

export default config;
