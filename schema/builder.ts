import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { FileUpload } from 'graphql-upload-ts';
import { AppError } from '../domain/core/errors.js';
import { isAdmin } from '../domain/accounts/roles.js';
import type { Context } from './context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { loggedIn: boolean; admin: boolean; self: number };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    SafeInt: { Input: number; Output: number };
    ID: { Input: string; Output: string | number };
    Upload: { Input: Promise<FileUpload>; Output: never };
  };
  Connection: { countAll(): Promise<number> };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      loggedIn: context.viewer !== null,
      admin: isAdmin(context.viewer),
      self: (userId) => context.viewer?.id === userId,
    }),
    unauthorizedError: (_parent, context) =>
      context.viewer
        ? new AppError('FORBIDDEN', 'You are not allowed to do this.')
        : new AppError('UNAUTHENTICATED', 'Please log in first.'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
});
