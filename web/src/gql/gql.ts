/* eslint-disable */
import * as types from './graphql';
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
    "\n  fragment CoinEntryFields on CoinEntry {\n    id\n    amount\n    reason\n    balanceAfter\n    createdAt\n    movie {\n      id\n      name\n    }\n  }\n": typeof types.CoinEntryFieldsFragmentDoc,
    "\n  query CoinHistory($after: String) {\n    coinHistory(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n": typeof types.CoinHistoryDocument,
    "\n  query DownloadHistory($after: String) {\n    downloadRecords(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n            isDeleted\n          }\n        }\n      }\n    }\n  }\n": typeof types.DownloadHistoryDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      address\n      isCurrent\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": typeof types.EndSessionDocument,
    "\n  mutation BeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n": typeof types.BeginTwoFactorDocument,
    "\n  mutation ConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n": typeof types.ConfirmTwoFactorDocument,
    "\n  mutation DisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n": typeof types.DisableTwoFactorDocument,
    "\n  query VipPrice {\n    vipPrice\n  }\n": typeof types.VipPriceDocument,
    "\n  mutation BuyVip {\n    buyVip {\n      id\n      isVip\n      balance\n    }\n  }\n": typeof types.BuyVipDocument,
    "\n  mutation CreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n": typeof types.CreatePasswordResetDocument,
    "\n  mutation ResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      id\n      hasTwoFactor\n    }\n  }\n": typeof types.ResetTwoFactorDocument,
    "\n  mutation CreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n    }\n  }\n": typeof types.CreateAdminDocument,
    "\n  mutation DeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      isDeleted\n    }\n  }\n": typeof types.DeleteMovieDocument,
    "\n  mutation UpdateMovie($id: ID!, $name: String, $description: String, $isFree: Boolean) {\n    updateMovie(id: $id, name: $name, description: $description, isFree: $isFree) {\n      id\n      name\n      description\n      isFree\n      price\n      waitSeconds\n    }\n  }\n": typeof types.UpdateMovieDocument,
    "\n  mutation ReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n    }\n  }\n": typeof types.ReleaseNoticeDocument,
    "\n  query StorageUsage {\n    storageUsage {\n      bytes\n      originals\n      renditions\n      pictures\n      unfinishedUploads\n    }\n  }\n": typeof types.StorageUsageDocument,
    "\n  query UserByName($name: String!) {\n    userByName(name: $name) {\n      id\n      name\n      role\n      isVip\n      isLocked\n      balance\n      hasTwoFactor\n    }\n  }\n": typeof types.UserByNameDocument,
    "\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          role\n          isVip\n          isLocked\n          balance\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query UserCoinHistory($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n": typeof types.UserCoinHistoryDocument,
    "\n  mutation LockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      isLocked\n    }\n  }\n": typeof types.LockUserDocument,
    "\n  mutation CreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      balance\n    }\n  }\n": typeof types.CreditUserDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Movies(\n    $type: MovieType!\n    $search: String\n    $sort: MovieSort!\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    movies(type: $type, search: $search, sort: $sort, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n": typeof types.MoviesDocument,
    "\n  query MoreVideos($first: Int!) {\n    movies(first: $first) {\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n": typeof types.MoreVideosDocument,
    "\n  fragment MovieCardFields on Movie {\n    id\n    name\n    size\n    uploadedAt\n    price\n    isFree\n    isPlayable\n    ...MoviePosterFields\n    ...MovieProcessingFields\n  }\n": typeof types.MovieCardFieldsFragmentDoc,
    "\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id\n      name\n      description\n      size\n      uploadedAt\n      isFree\n      isDeleted\n      price\n      waitSeconds\n      isPlayable\n      mediaInfo {\n        durationSeconds\n        width\n        height\n      }\n      ...MoviePosterFields\n      ...MovieProcessingFields\n    }\n  }\n": typeof types.MovieDocument,
    "\n  mutation DownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      ...TicketFields\n    }\n  }\n": typeof types.DownloadMovieDocument,
    "\n  fragment MoviePosterFields on Movie {\n    id\n    name\n    posterUrl\n    isPlayable\n    mediaInfo {\n      durationSeconds\n      width\n      height\n    }\n  }\n": typeof types.MoviePosterFieldsFragmentDoc,
    "\n  fragment TicketFields on DownloadTicket {\n    url\n    streamUrl\n    availableAt\n    expiresAt\n    price\n    movie {\n      id\n      name\n      downloadName\n      isPlayable\n      previewsUrl\n    }\n  }\n": typeof types.TicketFieldsFragmentDoc,
    "\n  fragment MovieProcessingFields on Movie {\n    id\n    processing {\n      state\n      progress\n    }\n  }\n": typeof types.MovieProcessingFieldsFragmentDoc,
    "\n  query MovieProcessing($id: ID!) {\n    movie(id: $id) {\n      id\n      ...MovieProcessingFields\n    }\n  }\n": typeof types.MovieProcessingDocument,
    "\n  query Notices($after: String) {\n    notices(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.NoticesDocument,
    "\n  mutation ResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      user {\n        id\n      }\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    role\n    isVip\n    balance\n    hasTwoFactor\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      user {\n        id\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($name: String!, $password: String!, $setupCode: String) {\n    register(name: $name, password: $password, setupCode: $setupCode) {\n      user {\n        id\n      }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  query FirstRun {\n    firstAccountBecomesAdmin\n  }\n": typeof types.FirstRunDocument,
    "\n  mutation FinishUpload(\n    $uploadId: String!\n    $isFree: Boolean!\n    $fingerprint: String!\n    $name: String\n    $description: String\n  ) {\n    finishUpload(\n      uploadId: $uploadId\n      isFree: $isFree\n      fingerprint: $fingerprint\n      name: $name\n      description: $description\n    ) {\n      id\n      name\n    }\n  }\n": typeof types.FinishUploadDocument,
    "\n  query MovieProbe($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n": typeof types.MovieProbeDocument,
    "\n  query ResumableUploads {\n    resumableUploads {\n      id\n      url\n      size\n      offset\n      name\n      description\n      isFree\n      filename\n      fingerprint\n      expiresAt\n    }\n  }\n": typeof types.ResumableUploadsDocument,
    "\n  query CheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CheckMovieDocument,
};
const documents: Documents = {
    "\n  fragment CoinEntryFields on CoinEntry {\n    id\n    amount\n    reason\n    balanceAfter\n    createdAt\n    movie {\n      id\n      name\n    }\n  }\n": types.CoinEntryFieldsFragmentDoc,
    "\n  query CoinHistory($after: String) {\n    coinHistory(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n": types.CoinHistoryDocument,
    "\n  query DownloadHistory($after: String) {\n    downloadRecords(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n            isDeleted\n          }\n        }\n      }\n    }\n  }\n": types.DownloadHistoryDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      address\n      isCurrent\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": types.EndSessionDocument,
    "\n  mutation BeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n": types.BeginTwoFactorDocument,
    "\n  mutation ConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n": types.ConfirmTwoFactorDocument,
    "\n  mutation DisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n": types.DisableTwoFactorDocument,
    "\n  query VipPrice {\n    vipPrice\n  }\n": types.VipPriceDocument,
    "\n  mutation BuyVip {\n    buyVip {\n      id\n      isVip\n      balance\n    }\n  }\n": types.BuyVipDocument,
    "\n  mutation CreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n": types.CreatePasswordResetDocument,
    "\n  mutation ResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      id\n      hasTwoFactor\n    }\n  }\n": types.ResetTwoFactorDocument,
    "\n  mutation CreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n    }\n  }\n": types.CreateAdminDocument,
    "\n  mutation DeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      isDeleted\n    }\n  }\n": types.DeleteMovieDocument,
    "\n  mutation UpdateMovie($id: ID!, $name: String, $description: String, $isFree: Boolean) {\n    updateMovie(id: $id, name: $name, description: $description, isFree: $isFree) {\n      id\n      name\n      description\n      isFree\n      price\n      waitSeconds\n    }\n  }\n": types.UpdateMovieDocument,
    "\n  mutation ReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n    }\n  }\n": types.ReleaseNoticeDocument,
    "\n  query StorageUsage {\n    storageUsage {\n      bytes\n      originals\n      renditions\n      pictures\n      unfinishedUploads\n    }\n  }\n": types.StorageUsageDocument,
    "\n  query UserByName($name: String!) {\n    userByName(name: $name) {\n      id\n      name\n      role\n      isVip\n      isLocked\n      balance\n      hasTwoFactor\n    }\n  }\n": types.UserByNameDocument,
    "\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          role\n          isVip\n          isLocked\n          balance\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query UserCoinHistory($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n": types.UserCoinHistoryDocument,
    "\n  mutation LockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      isLocked\n    }\n  }\n": types.LockUserDocument,
    "\n  mutation CreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      balance\n    }\n  }\n": types.CreditUserDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Movies(\n    $type: MovieType!\n    $search: String\n    $sort: MovieSort!\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    movies(type: $type, search: $search, sort: $sort, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n": types.MoviesDocument,
    "\n  query MoreVideos($first: Int!) {\n    movies(first: $first) {\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n": types.MoreVideosDocument,
    "\n  fragment MovieCardFields on Movie {\n    id\n    name\n    size\n    uploadedAt\n    price\n    isFree\n    isPlayable\n    ...MoviePosterFields\n    ...MovieProcessingFields\n  }\n": types.MovieCardFieldsFragmentDoc,
    "\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id\n      name\n      description\n      size\n      uploadedAt\n      isFree\n      isDeleted\n      price\n      waitSeconds\n      isPlayable\n      mediaInfo {\n        durationSeconds\n        width\n        height\n      }\n      ...MoviePosterFields\n      ...MovieProcessingFields\n    }\n  }\n": types.MovieDocument,
    "\n  mutation DownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      ...TicketFields\n    }\n  }\n": types.DownloadMovieDocument,
    "\n  fragment MoviePosterFields on Movie {\n    id\n    name\n    posterUrl\n    isPlayable\n    mediaInfo {\n      durationSeconds\n      width\n      height\n    }\n  }\n": types.MoviePosterFieldsFragmentDoc,
    "\n  fragment TicketFields on DownloadTicket {\n    url\n    streamUrl\n    availableAt\n    expiresAt\n    price\n    movie {\n      id\n      name\n      downloadName\n      isPlayable\n      previewsUrl\n    }\n  }\n": types.TicketFieldsFragmentDoc,
    "\n  fragment MovieProcessingFields on Movie {\n    id\n    processing {\n      state\n      progress\n    }\n  }\n": types.MovieProcessingFieldsFragmentDoc,
    "\n  query MovieProcessing($id: ID!) {\n    movie(id: $id) {\n      id\n      ...MovieProcessingFields\n    }\n  }\n": types.MovieProcessingDocument,
    "\n  query Notices($after: String) {\n    notices(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.NoticesDocument,
    "\n  mutation ResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      user {\n        id\n      }\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    role\n    isVip\n    balance\n    hasTwoFactor\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      user {\n        id\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($name: String!, $password: String!, $setupCode: String) {\n    register(name: $name, password: $password, setupCode: $setupCode) {\n      user {\n        id\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  query FirstRun {\n    firstAccountBecomesAdmin\n  }\n": types.FirstRunDocument,
    "\n  mutation FinishUpload(\n    $uploadId: String!\n    $isFree: Boolean!\n    $fingerprint: String!\n    $name: String\n    $description: String\n  ) {\n    finishUpload(\n      uploadId: $uploadId\n      isFree: $isFree\n      fingerprint: $fingerprint\n      name: $name\n      description: $description\n    ) {\n      id\n      name\n    }\n  }\n": types.FinishUploadDocument,
    "\n  query MovieProbe($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n": types.MovieProbeDocument,
    "\n  query ResumableUploads {\n    resumableUploads {\n      id\n      url\n      size\n      offset\n      name\n      description\n      isFree\n      filename\n      fingerprint\n      expiresAt\n    }\n  }\n": types.ResumableUploadsDocument,
    "\n  query CheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n": types.CheckMovieDocument,
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
export function graphql(source: "\n  fragment CoinEntryFields on CoinEntry {\n    id\n    amount\n    reason\n    balanceAfter\n    createdAt\n    movie {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment CoinEntryFields on CoinEntry {\n    id\n    amount\n    reason\n    balanceAfter\n    createdAt\n    movie {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CoinHistory($after: String) {\n    coinHistory(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CoinHistory($after: String) {\n    coinHistory(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DownloadHistory($after: String) {\n    downloadRecords(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n            isDeleted\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DownloadHistory($after: String) {\n    downloadRecords(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          price\n          downloadedAt\n          movie {\n            id\n            name\n            isDeleted\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      address\n      isCurrent\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      address\n      isCurrent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n"): (typeof documents)["\n  mutation BeginTwoFactor {\n    beginTwoFactor {\n      secret\n      otpauthUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n"): (typeof documents)["\n  mutation ConfirmTwoFactor($code: String!) {\n    confirmTwoFactor(code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n"): (typeof documents)["\n  mutation DisableTwoFactor($password: String!, $code: String!) {\n    disableTwoFactor(password: $password, code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VipPrice {\n    vipPrice\n  }\n"): (typeof documents)["\n  query VipPrice {\n    vipPrice\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BuyVip {\n    buyVip {\n      id\n      isVip\n      balance\n    }\n  }\n"): (typeof documents)["\n  mutation BuyVip {\n    buyVip {\n      id\n      isVip\n      balance\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePasswordReset($id: ID!) {\n    createPasswordReset(id: $id) {\n      code\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      id\n      hasTwoFactor\n    }\n  }\n"): (typeof documents)["\n  mutation ResetTwoFactor($id: ID!) {\n    resetTwoFactor(id: $id) {\n      id\n      hasTwoFactor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAdmin($name: String!, $password: String!) {\n    createAdmin(name: $name, password: $password) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      isDeleted\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMovie($id: ID!) {\n    deleteMovie(id: $id) {\n      id\n      isDeleted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMovie($id: ID!, $name: String, $description: String, $isFree: Boolean) {\n    updateMovie(id: $id, name: $name, description: $description, isFree: $isFree) {\n      id\n      name\n      description\n      isFree\n      price\n      waitSeconds\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMovie($id: ID!, $name: String, $description: String, $isFree: Boolean) {\n    updateMovie(id: $id, name: $name, description: $description, isFree: $isFree) {\n      id\n      name\n      description\n      isFree\n      price\n      waitSeconds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReleaseNotice($title: String!, $content: String!) {\n    releaseNotice(title: $title, content: $content) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorageUsage {\n    storageUsage {\n      bytes\n      originals\n      renditions\n      pictures\n      unfinishedUploads\n    }\n  }\n"): (typeof documents)["\n  query StorageUsage {\n    storageUsage {\n      bytes\n      originals\n      renditions\n      pictures\n      unfinishedUploads\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserByName($name: String!) {\n    userByName(name: $name) {\n      id\n      name\n      role\n      isVip\n      isLocked\n      balance\n      hasTwoFactor\n    }\n  }\n"): (typeof documents)["\n  query UserByName($name: String!) {\n    userByName(name: $name) {\n      id\n      name\n      role\n      isVip\n      isLocked\n      balance\n      hasTwoFactor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          role\n          isVip\n          isLocked\n          balance\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          role\n          isVip\n          isLocked\n          balance\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserCoinHistory($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UserCoinHistory($id: ID!, $after: String) {\n    userCoinHistory(id: $id, first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CoinEntryFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      isLocked\n    }\n  }\n"): (typeof documents)["\n  mutation LockUser($id: ID!, $locked: Boolean!) {\n    lockUser(id: $id, locked: $locked) {\n      id\n      isLocked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      balance\n    }\n  }\n"): (typeof documents)["\n  mutation CreditUser($id: ID!, $amount: Int!) {\n    creditUser(id: $id, amount: $amount) {\n      id\n      balance\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Movies(\n    $type: MovieType!\n    $search: String\n    $sort: MovieSort!\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    movies(type: $type, search: $search, sort: $sort, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Movies(\n    $type: MovieType!\n    $search: String\n    $sort: MovieSort!\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    movies(type: $type, search: $search, sort: $sort, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MoreVideos($first: Int!) {\n    movies(first: $first) {\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MoreVideos($first: Int!) {\n    movies(first: $first) {\n      edges {\n        node {\n          id\n          ...MovieCardFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MovieCardFields on Movie {\n    id\n    name\n    size\n    uploadedAt\n    price\n    isFree\n    isPlayable\n    ...MoviePosterFields\n    ...MovieProcessingFields\n  }\n"): (typeof documents)["\n  fragment MovieCardFields on Movie {\n    id\n    name\n    size\n    uploadedAt\n    price\n    isFree\n    isPlayable\n    ...MoviePosterFields\n    ...MovieProcessingFields\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id\n      name\n      description\n      size\n      uploadedAt\n      isFree\n      isDeleted\n      price\n      waitSeconds\n      isPlayable\n      mediaInfo {\n        durationSeconds\n        width\n        height\n      }\n      ...MoviePosterFields\n      ...MovieProcessingFields\n    }\n  }\n"): (typeof documents)["\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id\n      name\n      description\n      size\n      uploadedAt\n      isFree\n      isDeleted\n      price\n      waitSeconds\n      isPlayable\n      mediaInfo {\n        durationSeconds\n        width\n        height\n      }\n      ...MoviePosterFields\n      ...MovieProcessingFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      ...TicketFields\n    }\n  }\n"): (typeof documents)["\n  mutation DownloadMovie($id: ID!) {\n    downloadMovie(id: $id) {\n      ...TicketFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MoviePosterFields on Movie {\n    id\n    name\n    posterUrl\n    isPlayable\n    mediaInfo {\n      durationSeconds\n      width\n      height\n    }\n  }\n"): (typeof documents)["\n  fragment MoviePosterFields on Movie {\n    id\n    name\n    posterUrl\n    isPlayable\n    mediaInfo {\n      durationSeconds\n      width\n      height\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TicketFields on DownloadTicket {\n    url\n    streamUrl\n    availableAt\n    expiresAt\n    price\n    movie {\n      id\n      name\n      downloadName\n      isPlayable\n      previewsUrl\n    }\n  }\n"): (typeof documents)["\n  fragment TicketFields on DownloadTicket {\n    url\n    streamUrl\n    availableAt\n    expiresAt\n    price\n    movie {\n      id\n      name\n      downloadName\n      isPlayable\n      previewsUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MovieProcessingFields on Movie {\n    id\n    processing {\n      state\n      progress\n    }\n  }\n"): (typeof documents)["\n  fragment MovieProcessingFields on Movie {\n    id\n    processing {\n      state\n      progress\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MovieProcessing($id: ID!) {\n    movie(id: $id) {\n      id\n      ...MovieProcessingFields\n    }\n  }\n"): (typeof documents)["\n  query MovieProcessing($id: ID!) {\n    movie(id: $id) {\n      id\n      ...MovieProcessingFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notices($after: String) {\n    notices(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notices($after: String) {\n    notices(first: 20, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          content\n          createdAt\n          author {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {\n    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    name\n    role\n    isVip\n    balance\n    hasTwoFactor\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    name\n    role\n    isVip\n    balance\n    hasTwoFactor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($name: String!, $password: String!, $code: String) {\n    login(name: $name, password: $password, code: $code) {\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($name: String!, $password: String!, $setupCode: String) {\n    register(name: $name, password: $password, setupCode: $setupCode) {\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($name: String!, $password: String!, $setupCode: String) {\n    register(name: $name, password: $password, setupCode: $setupCode) {\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FirstRun {\n    firstAccountBecomesAdmin\n  }\n"): (typeof documents)["\n  query FirstRun {\n    firstAccountBecomesAdmin\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishUpload(\n    $uploadId: String!\n    $isFree: Boolean!\n    $fingerprint: String!\n    $name: String\n    $description: String\n  ) {\n    finishUpload(\n      uploadId: $uploadId\n      isFree: $isFree\n      fingerprint: $fingerprint\n      name: $name\n      description: $description\n    ) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation FinishUpload(\n    $uploadId: String!\n    $isFree: Boolean!\n    $fingerprint: String!\n    $name: String\n    $description: String\n  ) {\n    finishUpload(\n      uploadId: $uploadId\n      isFree: $isFree\n      fingerprint: $fingerprint\n      name: $name\n      description: $description\n    ) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MovieProbe($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n"): (typeof documents)["\n  query MovieProbe($id: ID!) {\n    movie(id: $id) {\n      id\n      isPlayable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResumableUploads {\n    resumableUploads {\n      id\n      url\n      size\n      offset\n      name\n      description\n      isFree\n      filename\n      fingerprint\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query ResumableUploads {\n    resumableUploads {\n      id\n      url\n      size\n      offset\n      name\n      description\n      isFree\n      filename\n      fingerprint\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query CheckMovie($fingerprint: String!) {\n    checkMovie(fingerprint: $fingerprint) {\n      exists\n      movie {\n        id\n        name\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;