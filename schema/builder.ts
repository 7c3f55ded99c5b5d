import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import type { FileUpload } from 'graphql-upload-ts';
import { AppError } from '../domain/core/errors.js';
import { isAdmin } from '../domain/accounts/roles.js';
import { twoFactorSetupRefusal } from '../domain/accounts/two-factor.js';
import { mayUpload, uploaderRefusal } from '../domain/catalogue/upload-policy.js';
import type { Context } from './context.js';

/** Whether `scope` is among the scopes whose failure refused a field. */
function failedOn(failure: AuthFailure, scope: string): boolean {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure.scope === scope;
  return 'failures' in failure && failure.failures.some((one) => failedOn(one, scope));
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { signedIn: boolean; loggedIn: boolean; admin: boolean; uploader: boolean; self: number };
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
    authScopes: (context) => {
      // An admin who must turn on two-factor sign-in first (REQUIRE_ADMIN_TWO_FACTOR) is signed in,
      // may read their own fields and set it up (`signedIn`, `self`), and may do nothing else.
      const free = twoFactorSetupRefusal(context.viewer, context.settings) === null;
      return {
        signedIn: context.viewer !== null,
        loggedIn: context.viewer !== null && free,
        admin: isAdmin(context.viewer) && free,
        // The upload policy (domain/catalogue/upload-policy.ts), also its refusal below.
        uploader: mayUpload(context.viewer) && free,
        self: (userId) => context.viewer?.id === userId,
      };
    },
    unauthorizedError: (_parent, context, _info, { failure }) => {
      const setUpFirst = twoFactorSetupRefusal(context.viewer, context.settings);
      if (setUpFirst) return setUpFirst;
      const refusal = failedOn(failure, 'uploader') ? uploaderRefusal(context.viewer) : null;
      if (refusal) return refusal;
      return context.viewer
        ? new AppError('FORBIDDEN', 'You are not allowed to do this.')
        : new AppError('UNAUTHENTICATED', 'Please log in first.');
    },
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
