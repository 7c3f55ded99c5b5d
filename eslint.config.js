// Lint guards the layers: requests flow down (server -> schema -> domain -> db) and nothing below
// imports anything above; the clients reach the server only over HTTP (they share pure domain
// modules such as the fingerprint and the error codes, and client-transport/, how both send
// requests and uploads). Formatting is prettier's job.
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` for the files of one layer: the layers above it, and libraries it must not know. */
function layer(files, above, libraries = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...above.map((folder) => ({
              regex: `^(\\.\\./)+${folder}/`,
              message: `A lower layer must not import from ${folder}/ (requests flow down: server, schema, domain, db).`,
            })),
            ...libraries.map((name) => ({
              regex: `^${name}`,
              message: `This layer knows nothing of ${name}: keep HTTP and GraphQL in server/ and schema/.`,
            })),
          ],
        },
      ],
    },
  };
}

const HTTP_AND_GRAPHQL = ['express', 'graphql', '@pothos/', 'graphql-yoga', 'graphql-upload-ts', '@tus/server'];

export default [
  { ignores: ['node_modules/**', 'dist/**', 'web/src/gql/**', 'cli/gql/**', 'test-output/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  layer(['schema/**/*.ts'], ['server']),
  layer(['domain/**/*.ts'], ['server', 'schema'], HTTP_AND_GRAPHQL),
  layer(['db/**/*.ts'], ['server', 'schema', 'domain'], HTTP_AND_GRAPHQL),
  layer(
    ['web/src/**/*.{ts,tsx}', 'cli/**/*.ts', 'client-transport/**/*.ts', 'examples/**/*.ts'],
    ['server', 'schema', 'db'],
  ),
  // client-transport/ runs in the browser and in Node alike: neither Node's modules nor a page's globals.
  {
    files: ['client-transport/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^node:/], ImportExpression[source.value=/^node:/]',
          message: 'client-transport/ also runs in the browser: no Node modules (the clients pass what differs).',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'location', 'localStorage'].map((name) => ({
          name,
          message: 'client-transport/ also runs in Node: no browser globals (the clients pass what differs).',
        })),
        ...['process', 'Buffer', '__dirname'].map((name) => ({
          name,
          message: 'client-transport/ also runs in the browser: no Node globals (the clients pass what differs).',
        })),
      ],
    },
  },
];
