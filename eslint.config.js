// Lint guards the layers: requests flow down (server -> schema -> domain -> db) and nothing below
// imports anything above; the clients reach the server only over HTTP (they share pure domain
// modules such as the fingerprint, the error codes and the route paths, and client-transport/, how
// both send requests and uploads). Inside the domain, each room imports only the rooms it is
// allowed below (ROOMS); test/import-cycles.test.ts fails on any circle between files. Beside the
// layers, typescript-eslint's type-checked rules (each file with the settings of its nearest
// tsconfig.json: web/'s for the web client) and the rules of hooks for the web client. Formatting
// is prettier's job.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const TYPESCRIPT = ['**/*.ts', '**/*.tsx'];
const HTTP_AND_GRAPHQL = ['express', 'graphql', '@pothos/', 'graphql-yoga', 'graphql-upload-ts', '@tus/server'];

/**
 * The domain's rooms and the rooms each may import. A room never imports one that may import it,
 * so the rooms stack without a circle: core at the bottom (errors, clock, settings, pages, text,
 * tokens, route paths); the storage, the job worker and the accounts on it; the media tools on the
 * storage and the jobs; the catalogue (movies, names, uploads and their policy) on those; commerce
 * (coins, VIP, prices, the wait, downloads, tickets) on top, selling the catalogue to accounts.
 */
export const ROOMS = {
  core: [],
  storage: ['core'],
  jobs: ['core'],
  accounts: ['core'],
  media: ['core', 'storage', 'jobs'],
  catalogue: ['core', 'accounts', 'media', 'storage'],
  commerce: ['core', 'accounts', 'catalogue'],
};

/** `no-restricted-imports` patterns: the layers above one, and the libraries it must not know. */
function layerPatterns(above, libraries = []) {
  return [
    ...above.map((folder) => ({
      regex: `^(\\.\\./)+${folder}/`,
      message: `A lower layer must not import from ${folder}/ (requests flow down: server, schema, domain, db).`,
    })),
    ...libraries.map((name) => ({
      regex: `^${name}`,
      message: `This layer knows nothing of ${name}: keep HTTP and GraphQL in server/ and schema/.`,
    })),
  ];
}

/** A rule for the files of one layer (or room): imports matching `patterns` are refused. */
function refusing(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** One rule per room of the domain: the domain's layer rule, and the rooms it must not import. */
function domainRooms() {
  const domainLayer = layerPatterns(['server', 'schema'], HTTP_AND_GRAPHQL);
  return Object.entries(ROOMS).map(([room, allowed]) => {
    const others = Object.keys(ROOMS).filter((other) => other !== room && !allowed.includes(other));
    const roomPatterns = others.map((other) => ({
      regex: `^\\.\\./${other}/`,
      message: `domain/${room}/ may import only ${['its own room', ...allowed].join(', ')} (eslint.config.js, ROOMS), not ${other}/.`,
    }));
    return refusing([`domain/${room}/**/*.ts`], [...domainLayer, ...roomPatterns]);
  });
}

export default [
  { ignores: ['node_modules/**', 'dist/**', 'web/src/gql/**', 'cli/gql/**', 'test-output/**'] },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: TYPESCRIPT })),
  {
    files: TYPESCRIPT,
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true }, projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused on purpose: `_next` of Express's four-argument error handler, a key left out by `...rest`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  { ...reactHooks.configs.flat.recommended, files: ['web/src/**/*.{ts,tsx}'] },
  {
    // Tests read the server's answers as the JSON they are and assert their shape with expect():
    // typing each answer would restate the schema in every test for no check expect() does not make.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  refusing(['schema/**/*.ts'], layerPatterns(['server'])),
  refusing(['domain/**/*.ts'], layerPatterns(['server', 'schema'], HTTP_AND_GRAPHQL)),
  ...domainRooms(),
  refusing(['db/**/*.ts'], layerPatterns(['server', 'schema', 'domain'], HTTP_AND_GRAPHQL)),
  refusing(
    ['web/src/**/*.{ts,tsx}', 'cli/**/*.ts', 'client-transport/**/*.ts', 'examples/**/*.ts'],
    layerPatterns(['server', 'schema', 'db']),
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
