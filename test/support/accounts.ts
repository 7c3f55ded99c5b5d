import type { Client } from './client.js';

export const USER_FIELDS = 'id name role isVip isLocked balance registeredAt';

export interface UserShape {
  id: string;
  name: string;
  role: 'ADMIN' | 'USER';
  isVip: boolean;
  isLocked: boolean;
  balance: number;
  registeredAt: string;
}

export const REGISTER = `mutation Register($name: String!, $password: String!) {
  register(name: $name, password: $password) { token user { ${USER_FIELDS} } }
}`;
export const LOGIN = `mutation Login($name: String!, $password: String!) {
  login(name: $name, password: $password) { token user { ${USER_FIELDS} } }
}`;
export const ME = `query { me { ${USER_FIELDS} } }`;
export const LOGOUT = `mutation { logout }`;
export const CREATE_ADMIN = `mutation CreateAdmin($name: String!, $password: String!) {
  createAdmin(name: $name, password: $password) { ${USER_FIELDS} }
}`;
export const LOCK_USER = `mutation Lock($id: ID!, $locked: Boolean!) { lockUser(id: $id, locked: $locked) { ${USER_FIELDS} } }`;
export const CREDIT_USER = `mutation Credit($id: ID!, $amount: Int!) { creditUser(id: $id, amount: $amount) { ${USER_FIELDS} } }`;
export const USERS = `query Users($first: Int, $after: String) {
  users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${USER_FIELDS} } } }
}`;
export const USER_BY_NAME = `query UserByName($name: String!) { userByName(name: $name) { ${USER_FIELDS} } }`;
export const CHANGE_PASSWORD = `mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
}`;

export const PASSWORD = 'correct horse battery';

export interface Account {
  token: string;
  user: UserShape;
  client: Client;
}

/** Registers `name` and returns a client logged in as it. */
export async function registerAs(client: Client, name: string, password = PASSWORD): Promise<Account> {
  const data = await client.ok<{ register: { token: string; user: UserShape } }>(REGISTER, { name, password });
  return { ...data.register, client: client.as(data.register.token) };
}

export const REGISTER_WITH_CODE = `mutation Register($name: String!, $password: String!, $setupCode: String) {
  register(name: $name, password: $password, setupCode: $setupCode) { token user { ${USER_FIELDS} } }
}`;

/**
 * An admin (the first account) and a user, on a fresh server; `setupCode` for a server that wants
 * one (reachable beyond loopback, or behind a proxy: TestServer's `firstAdmin`).
 */
export async function adminAndUser(client: Client, setupCode?: string): Promise<{ admin: Account; user: Account }> {
  const variables = { name: 'admin', password: PASSWORD, setupCode };
  const data = await client.ok<{ register: { token: string; user: UserShape } }>(REGISTER_WITH_CODE, variables);
  const admin = { ...data.register, client: client.as(data.register.token) };
  const user = await registerAs(client, 'viewer');
  return { admin, user };
}

/** Gives `account` coins through an admin. */
export async function credit(admin: Account, account: Account, amount: number): Promise<void> {
  await admin.client.ok(CREDIT_USER, { id: account.user.id, amount });
}
