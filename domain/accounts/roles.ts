import type { Role } from '../../db/models/user.js';

/** Whether someone may run the admin operations (upload, delete, notices, accounts). */
export function isAdmin(user: { role: Role } | null | undefined): boolean {
  return user?.role === 'ADMIN';
}
