/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment CliSession on AuthPayload {\n    token\n    user {\n      name\n      role\n    }\n  }\n": typeof types.CliSessionFragmentDoc,
    "\n  fragment CliAccount on User {\n    id\n    name\n    role\n    isVip\n    isLocked\n    balance\n    registeredAt\n    hasTwoFactor\n  }\n": typeof types.CliAccountFragmentDoc,
    "\n  fragment CliMovieHead on Movie {\n    id\n    name\n    isFree\n    size\n  }\n": typeof types.CliMovieHeadFragmentDoc,
    "\n  mutation CliRegister($name: String!, $password: String!) {\n    register(name: $name, password: $password) {\n      ...CliSession\n    }\n  }\n": typeof types.CliRegisterDocument,
    "\n  mutation CliLogin($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      ...CliSession\n    }\n  }\n": typeof types.CliLoginDocument,
    "\n  mutation CliLogout {\n    logout\n  }\n": typeof types.CliLogoutDocument,
    "\n  query CliMe {\n    me {\n      ...CliAccount\n    }\n  }\n": typeof types.CliMeDocument,
    "\n  mutation CliChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.CliChangePasswordDocument,
    "\n  query CliMovies($type: MovieType, $search: String, $first: Int, $after: String) {\n    movies(type: $type, search: $search, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliMovieHead\n          price\n          waitSeconds\n          uploadedAt\n        }\n      }\n    }\n  }\n": typeof types.CliMoviesDocument,
    "\n  query CliMovie($id: ID!) {\n    movie(id: $id) {\n      ...CliMovieHead\n      fingerprint\n      sha256\n      uploadedAt\n      isDeleted\n      price\n      waitSeconds\n      downloadName\n      isPlayable\n    }\n  }\n": typeof types.CliMovieDocument,
    "\n  query CliMoviePlayable($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n": typeof types.CliMoviePlayableDocument,
    "\n  query CliCheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CliCheckMovieDocument,
    "\n  mutation CliFinishUpload($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {\n    finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) {\n      ...CliMovieHead\n      sha256\n    }\n  }\n": typeof types.CliFinishUploadDocument,
    "\n  mutation CliDeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      name\n      isDeleted\n    }\n  }\n": typeof types.CliDeleteMovieDocument,
    "\n  mutation CliDownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      url\n      waitSeconds\n      availableAt\n      expiresAt\n      price\n    }\n  }\n": typeof types.CliDownloadMovieDocument,
    "\n  query CliHistory($first: Int, $after: String) {\n    downloadRecords(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.CliHistoryDocument,
    "\n  query CliCoins($first: Int, $after: String) {\n    me {\n      balance\n    }\n    coinHistory(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          createdAt\n          reason\n          amount\n          balanceAfter\n          movie {\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.CliCoinsDocument,
    "\n  query CliNotices($first: Int, $after: String) {\n    notices(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.CliNoticesDocument,
    "\n  mutation CliReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n      title\n      content\n      createdAt\n    }\n  }\n": typeof types.CliReleaseNoticeDocument,
    "\n  mutation CliBuyVip {\n    buyVip {\n      name\n      isVip\n      balance\n    }\n  }\n": typeof types.CliBuyVipDocument,
    "\n  query CliUsers($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliAccount\n        }\n      }\n    }\n  }\n": typeof types.CliUsersDocument,
    "\n  query CliUserByName($name: String!) {\n    userByName(name: $name) {\n      ...CliAccount\n    }\n  }\n": typeof types.CliUserByNameDocument,
    "\n  mutation CliLockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      name\n      isLocked\n    }\n  }\n": typeof types.CliLockUserDocument,
    "\n  mutation CliCreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      name\n      balance\n    }\n  }\n": typeof types.CliCreditUserDocument,
    "\n  mutation CliCreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n      role\n    }\n  }\n": typeof types.CliCreateAdminDocument,
    "\n  fragment CliSignedIn on Session {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    address\n    isCurrent\n  }\n": typeof types.CliSignedInFragmentDoc,
    "\n  query CliSessions {\n    sessions {\n      ...CliSignedIn\n    }\n  }\n": typeof types.CliSessionsDocument,
    "\n  mutation CliEndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": typeof types.CliEndSessionDocument,
    "\n  mutation CliBeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n": typeof types.CliBeginTwoFactorDocument,
    "\n  mutation CliConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n": typeof types.CliConfirmTwoFactorDocument,
    "\n  mutation CliDisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n": typeof types.CliDisableTwoFactorDocument,
    "\n  mutation CliResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      ...CliAccount\n    }\n  }\n": typeof types.CliResetTwoFactorDocument,
    "\n  mutation CliCreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n": typeof types.CliCreatePasswordResetDocument,
    "\n  mutation CliResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      ...CliSession\n    }\n  }\n": typeof types.CliResetPasswordDocument,
    "\n  query ExampleFreeVideos($after: String) {\n    movies(type: FREE, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          size\n        }\n      }\n    }\n  }\n": typeof types.ExampleFreeVideosDocument,
    "\n  query ExampleAccounts($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.ExampleAccountsDocument,
    "\n  query ExampleLedger($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          reason\n          amount\n          movie {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.ExampleLedgerDocument,
    "\n  mutation ExampleCredit($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      name\n      balance\n    }\n  }\n": typeof types.ExampleCreditDocument,
};
const documents: Documents = {
    "\n  fragment CliSession on AuthPayload {\n    token\n    user {\n      name\n      role\n    }\n  }\n": types.CliSessionFragmentDoc,
    "\n  fragment CliAccount on User {\n    id\n    name\n    role\n    isVip\n    isLocked\n    balance\n    registeredAt\n    hasTwoFactor\n  }\n": types.CliAccountFragmentDoc,
    "\n  fragment CliMovieHead on Movie {\n    id\n    name\n    isFree\n    size\n  }\n": types.CliMovieHeadFragmentDoc,
    "\n  mutation CliRegister($name: String!, $password: String!) {\n    register(name: $name, password: $password) {\n      ...CliSession\n    }\n  }\n": types.CliRegisterDocument,
    "\n  mutation CliLogin($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      ...CliSession\n    }\n  }\n": types.CliLoginDocument,
    "\n  mutation CliLogout {\n    logout\n  }\n": types.CliLogoutDocument,
    "\n  query CliMe {\n    me {\n      ...CliAccount\n    }\n  }\n": types.CliMeDocument,
    "\n  mutation CliChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.CliChangePasswordDocument,
    "\n  query CliMovies($type: MovieType, $search: String, $first: Int, $after: String) {\n    movies(type: $type, search: $search, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliMovieHead\n          price\n          waitSeconds\n          uploadedAt\n        }\n      }\n    }\n  }\n": types.CliMoviesDocument,
    "\n  query CliMovie($id: ID!) {\n    movie(id: $id) {\n      ...CliMovieHead\n      fingerprint\n      sha256\n      uploadedAt\n      isDeleted\n      price\n      waitSeconds\n      downloadName\n      isPlayable\n    }\n  }\n": types.CliMovieDocument,
    "\n  query CliMoviePlayable($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n": types.CliMoviePlayableDocument,
    "\n  query CliCheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n": types.CliCheckMovieDocument,
    "\n  mutation CliFinishUpload($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {\n    finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) {\n      ...CliMovieHead\n      sha256\n    }\n  }\n": types.CliFinishUploadDocument,
    "\n  mutation CliDeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      name\n      isDeleted\n    }\n  }\n": types.CliDeleteMovieDocument,
    "\n  mutation CliDownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      url\n      waitSeconds\n      availableAt\n      expiresAt\n      price\n    }\n  }\n": types.CliDownloadMovieDocument,
    "\n  query CliHistory($first: Int, $after: String) {\n    downloadRecords(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.CliHistoryDocument,
    "\n  query CliCoins($first: Int, $after: String) {\n    me {\n      balance\n    }\n    coinHistory(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          createdAt\n          reason\n          amount\n          balanceAfter\n          movie {\n            name\n          }\n        }\n      }\n    }\n  }\n": types.CliCoinsDocument,
    "\n  query CliNotices($first: Int, $after: String) {\n    notices(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            name\n          }\n        }\n      }\n    }\n  }\n": types.CliNoticesDocument,
    "\n  mutation CliReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n      title\n      content\n      createdAt\n    }\n  }\n": types.CliReleaseNoticeDocument,
    "\n  mutation CliBuyVip {\n    buyVip {\n      name\n      isVip\n      balance\n    }\n  }\n": types.CliBuyVipDocument,
    "\n  query CliUsers($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliAccount\n        }\n      }\n    }\n  }\n": types.CliUsersDocument,
    "\n  query CliUserByName($name: String!) {\n    userByName(name: $name) {\n      ...CliAccount\n    }\n  }\n": types.CliUserByNameDocument,
    "\n  mutation CliLockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      name\n      isLocked\n    }\n  }\n": types.CliLockUserDocument,
    "\n  mutation CliCreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      name\n      balance\n    }\n  }\n": types.CliCreditUserDocument,
    "\n  mutation CliCreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n      role\n    }\n  }\n": types.CliCreateAdminDocument,
    "\n  fragment CliSignedIn on Session {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    address\n    isCurrent\n  }\n": types.CliSignedInFragmentDoc,
    "\n  query CliSessions {\n    sessions {\n      ...CliSignedIn\n    }\n  }\n": types.CliSessionsDocument,
    "\n  mutation CliEndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": types.CliEndSessionDocument,
    "\n  mutation CliBeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n": types.CliBeginTwoFactorDocument,
    "\n  mutation CliConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n": types.CliConfirmTwoFactorDocument,
    "\n  mutation CliDisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n": types.CliDisableTwoFactorDocument,
    "\n  mutation CliResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      ...CliAccount\n    }\n  }\n": types.CliResetTwoFactorDocument,
    "\n  mutation CliCreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n": types.CliCreatePasswordResetDocument,
    "\n  mutation CliResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      ...CliSession\n    }\n  }\n": types.CliResetPasswordDocument,
    "\n  query ExampleFreeVideos($after: String) {\n    movies(type: FREE, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          size\n        }\n      }\n    }\n  }\n": types.ExampleFreeVideosDocument,
    "\n  query ExampleAccounts($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.ExampleAccountsDocument,
    "\n  query ExampleLedger($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          reason\n          amount\n          movie {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.ExampleLedgerDocument,
    "\n  mutation ExampleCredit($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      name\n      balance\n    }\n  }\n": types.ExampleCreditDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliSession on AuthPayload {\n    token\n    user {\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  fragment CliSession on AuthPayload {\n    token\n    user {\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliAccount on User {\n    id\n    name\n    role\n    isVip\n    isLocked\n    balance\n    registeredAt\n    hasTwoFactor\n  }\n"): (typeof documents)["\n  fragment CliAccount on User {\n    id\n    name\n    role\n    isVip\n    isLocked\n    balance\n    registeredAt\n    hasTwoFactor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliMovieHead on Movie {\n    id\n    name\n    isFree\n    size\n  }\n"): (typeof documents)["\n  fragment CliMovieHead on Movie {\n    id\n    name\n    isFree\n    size\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRegister($name: String!, $password: String!) {\n    register(name: $name, password: $password) {\n      ...CliSession\n    }\n  }\n"): (typeof documents)["\n  mutation CliRegister($name: String!, $password: String!) {\n    register(name: $name, password: $password) {\n      ...CliSession\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliLogin($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      ...CliSession\n    }\n  }\n"): (typeof documents)["\n  mutation CliLogin($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      ...CliSession\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliLogout {\n    logout\n  }\n"): (typeof documents)["\n  mutation CliLogout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliMe {\n    me {\n      ...CliAccount\n    }\n  }\n"): (typeof documents)["\n  query CliMe {\n    me {\n      ...CliAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation CliChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliMovies($type: MovieType, $search: String, $first: Int, $after: String) {\n    movies(type: $type, search: $search, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliMovieHead\n          price\n          waitSeconds\n          uploadedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliMovies($type: MovieType, $search: String, $first: Int, $after: String) {\n    movies(type: $type, search: $search, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliMovieHead\n          price\n          waitSeconds\n          uploadedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliMovie($id: ID!) {\n    movie(id: $id) {\n      ...CliMovieHead\n      fingerprint\n      sha256\n      uploadedAt\n      isDeleted\n      price\n      waitSeconds\n      downloadName\n      isPlayable\n    }\n  }\n"): (typeof documents)["\n  query CliMovie($id: ID!) {\n    movie(id: $id) {\n      ...CliMovieHead\n      fingerprint\n      sha256\n      uploadedAt\n      isDeleted\n      price\n      waitSeconds\n      downloadName\n      isPlayable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliMoviePlayable($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n"): (typeof documents)["\n  query CliMoviePlayable($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliCheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliCheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliFinishUpload($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {\n    finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) {\n      ...CliMovieHead\n      sha256\n    }\n  }\n"): (typeof documents)["\n  mutation CliFinishUpload($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {\n    finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) {\n      ...CliMovieHead\n      sha256\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliDeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      name\n      isDeleted\n    }\n  }\n"): (typeof documents)["\n  mutation CliDeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      name\n      isDeleted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliDownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      url\n      waitSeconds\n      availableAt\n      expiresAt\n      price\n    }\n  }\n"): (typeof documents)["\n  mutation CliDownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      url\n      waitSeconds\n      availableAt\n      expiresAt\n      price\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliHistory($first: Int, $after: String) {\n    downloadRecords(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliHistory($first: Int, $after: String) {\n    downloadRecords(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliCoins($first: Int, $after: String) {\n    me {\n      balance\n    }\n    coinHistory(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          createdAt\n          reason\n          amount\n          balanceAfter\n          movie {\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliCoins($first: Int, $after: String) {\n    me {\n      balance\n    }\n    coinHistory(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          createdAt\n          reason\n          amount\n          balanceAfter\n          movie {\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliNotices($first: Int, $after: String) {\n    notices(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliNotices($first: Int, $after: String) {\n    notices(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n      title\n      content\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  mutation CliReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n      title\n      content\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliBuyVip {\n    buyVip {\n      name\n      isVip\n      balance\n    }\n  }\n"): (typeof documents)["\n  mutation CliBuyVip {\n    buyVip {\n      name\n      isVip\n      balance\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliUsers($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliAccount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliUsers($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CliAccount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliUserByName($name: String!) {\n    userByName(name: $name) {\n      ...CliAccount\n    }\n  }\n"): (typeof documents)["\n  query CliUserByName($name: String!) {\n    userByName(name: $name) {\n      ...CliAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliLockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      name\n      isLocked\n    }\n  }\n"): (typeof documents)["\n  mutation CliLockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      name\n      isLocked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      name\n      balance\n    }\n  }\n"): (typeof documents)["\n  mutation CliCreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      name\n      balance\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation CliCreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CliSignedIn on Session {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    address\n    isCurrent\n  }\n"): (typeof documents)["\n  fragment CliSignedIn on Session {\n    id\n    createdAt\n    lastUsedAt\n    userAgent\n    address\n    isCurrent\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliSessions {\n    sessions {\n      ...CliSignedIn\n    }\n  }\n"): (typeof documents)["\n  query CliSessions {\n    sessions {\n      ...CliSignedIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliEndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation CliEndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliBeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n"): (typeof documents)["\n  mutation CliBeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n"): (typeof documents)["\n  mutation CliConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliDisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n"): (typeof documents)["\n  mutation CliDisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      ...CliAccount\n    }\n  }\n"): (typeof documents)["\n  mutation CliResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      ...CliAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CliCreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      ...CliSession\n    }\n  }\n"): (typeof documents)["\n  mutation CliResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      ...CliSession\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleFreeVideos($after: String) {\n    movies(type: FREE, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          size\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExampleFreeVideos($after: String) {\n    movies(type: FREE, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          size\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleAccounts($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExampleAccounts($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleLedger($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          reason\n          amount\n          movie {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExampleLedger($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          reason\n          amount\n          movie {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleCredit($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      name\n      balance\n    }\n  }\n"): (typeof documents)["\n  mutation ExampleCredit($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      name\n      balance\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;