/** A write refused because the disk is full (ENOSPC) or the owner's quota is spent (EDQUOT). */
export function isOutOfSpace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
