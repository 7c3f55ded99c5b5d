import { graphql } from './gql/index.js';

// Every operation the command-line client sends, typed by GraphQL Code Generator (`npm run codegen`).
// Selections that several operations share are fragments: an account as `whoami`, `user` and `users`
// show it, a session as `register` and `login` save it, what names a video and its size.

graphql(`
  fragment CliSession on AuthPayload {
    token
    user {
      name
      role
    }
  }
`);

graphql(`
  fragment CliAccount on User {
    id
    name
    role
    isVip
    isLocked
    balance
    registeredAt
    hasTwoFactor
  }
`);

/** The head of every video record: the fields after it differ from one command to the next. */
graphql(`
  fragment CliMovieHead on Movie {
    id
    name
    isFree
    size
  }
`);

export const Register = graphql(`
  mutation CliRegister($name: String!, $password: String!) {
    register(name: $name, password: $password) {
      ...CliSession
    }
  }
`);

export const Login = graphql(`
  mutation CliLogin($name: String!, $password: String!, $code: String) {
    login(name: $name, password: $password, code: $code) {
      ...CliSession
    }
  }
`);

export const Logout = graphql(`
  mutation CliLogout {
    logout
  }
`);

export const Me = graphql(`
  query CliMe {
    me {
      ...CliAccount
    }
  }
`);

export const ChangePassword = graphql(`
  mutation CliChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const Movies = graphql(`
  query CliMovies($type: MovieType, $search: String, $first: Int, $after: String) {
    movies(type: $type, search: $search, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CliMovieHead
          price
          waitSeconds
          uploadedAt
        }
      }
    }
  }
`);

export const MovieById = graphql(`
  query CliMovie($id: ID!) {
    movie(id: $id) {
      ...CliMovieHead
      fingerprint
      sha256
      uploadedAt
      isDeleted
      price
      waitSeconds
      downloadName
      isPlayable
    }
  }
`);

export const MoviePlayable = graphql(`
  query CliMoviePlayable($id: ID!) {
    movie(id: $id) {
      id
      isPlayable
    }
  }
`);

export const CheckMovie = graphql(`
  query CliCheckMovie($fingerprint: String!) {
    checkMovie(fingerprint: $fingerprint) {
      exists
      movie {
        id
        name
      }
    }
  }
`);

export const FinishUpload = graphql(`
  mutation CliFinishUpload($uploadId: String!, $isFree: Boolean!, $fingerprint: String!, $name: String) {
    finishUpload(uploadId: $uploadId, isFree: $isFree, fingerprint: $fingerprint, name: $name) {
      ...CliMovieHead
      sha256
    }
  }
`);

export const DeleteMovie = graphql(`
  mutation CliDeleteMovie($id: ID!) {
    deleteMovie(id: $id) {
      id
      name
      isDeleted
    }
  }
`);

export const DownloadMovie = graphql(`
  mutation CliDownloadMovie($id: ID!) {
    downloadMovie(id: $id) {
      url
      waitSeconds
      availableAt
      expiresAt
      price
    }
  }
`);

export const History = graphql(`
  query CliHistory($first: Int, $after: String) {
    downloadRecords(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          price
          downloadedAt
          movie {
            id
            name
          }
        }
      }
    }
  }
`);

export const Coins = graphql(`
  query CliCoins($first: Int, $after: String) {
    me {
      balance
    }
    coinHistory(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          createdAt
          reason
          amount
          balanceAfter
          movie {
            name
          }
        }
      }
    }
  }
`);

export const Notices = graphql(`
  query CliNotices($first: Int, $after: String) {
    notices(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          content
          createdAt
          author {
            name
          }
        }
      }
    }
  }
`);

export const ReleaseNotice = graphql(`
  mutation CliReleaseNotice($title: String!, $content: String!) {
    releaseNotice(title: $title, content: $content) {
      id
      title
      content
      createdAt
    }
  }
`);

export const BuyVip = graphql(`
  mutation CliBuyVip {
    buyVip {
      name
      isVip
      balance
    }
  }
`);

export const Users = graphql(`
  query CliUsers($first: Int, $after: String) {
    users(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CliAccount
        }
      }
    }
  }
`);

export const UserByName = graphql(`
  query CliUserByName($name: String!) {
    userByName(name: $name) {
      ...CliAccount
    }
  }
`);

export const LockUser = graphql(`
  mutation CliLockUser($id: ID!, $locked: Boolean!) {
    lockUser(id: $id, locked: $locked) {
      id
      name
      isLocked
    }
  }
`);

export const CreditUser = graphql(`
  mutation CliCreditUser($id: ID!, $amount: Int!) {
    creditUser(id: $id, amount: $amount) {
      id
      name
      balance
    }
  }
`);

export const CreateAdmin = graphql(`
  mutation CliCreateAdmin($name: String!, $password: String!) {
    createAdmin(name: $name, password: $password) {
      id
      name
      role
    }
  }
`);

/** One place the viewer is signed in, as `sessions` lists it. */
graphql(`
  fragment CliSignedIn on Session {
    id
    createdAt
    lastUsedAt
    userAgent
    address
    isCurrent
  }
`);

export const Sessions = graphql(`
  query CliSessions {
    sessions {
      ...CliSignedIn
    }
  }
`);

export const EndSession = graphql(`
  mutation CliEndSession($id: ID!) {
    endSession(id: $id)
  }
`);

export const BeginTwoFactor = graphql(`
  mutation CliBeginTwoFactor {
    beginTwoFactor {
      secret
      otpauthUrl
    }
  }
`);

export const ConfirmTwoFactor = graphql(`
  mutation CliConfirmTwoFactor($code: String!) {
    confirmTwoFactor(code: $code)
  }
`);

export const DisableTwoFactor = graphql(`
  mutation CliDisableTwoFactor($password: String!, $code: String!) {
    disableTwoFactor(password: $password, code: $code)
  }
`);

export const ResetTwoFactor = graphql(`
  mutation CliResetTwoFactor($id: ID!) {
    resetTwoFactor(id: $id) {
      ...CliAccount
    }
  }
`);

export const CreatePasswordReset = graphql(`
  mutation CliCreatePasswordReset($id: ID!) {
    createPasswordReset(id: $id) {
      code
      expiresAt
    }
  }
`);

export const ResetPassword = graphql(`
  mutation CliResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {
    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {
      ...CliSession
    }
  }
`);
