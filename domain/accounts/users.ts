import type { Knex } from 'knex';
import { User } from '../../db/models/user.js';
import { notFound } from '../core/errors.js';

/** The user of an id; NOT_FOUND when there is none. */
export async function findUser(db: Knex, id: number): Promise<User> {
  const user = await User.query(db).findById(id);
  if (!user) throw notFound('The user');
  return user;
}
