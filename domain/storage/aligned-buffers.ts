/** The size of each buffer, a multiple of every block size a disk uses (512 B and 4 KiB). */
export const ALIGNED_BUFFER_BYTES = 1024 * 1024;

/** A WebAssembly page, the unit its memory is sized in. */
const WASM_PAGE_BYTES = 64 * 1024;
/** Buffers made at once, in one memory. */
const BUFFERS_PER_MEMORY = 8;

const free: Buffer[] = [];

/**
 * A buffer whose memory starts on a page boundary, as a write to a file opened with O_DIRECT needs
 * (the kernel refuses others with EINVAL). Node's own buffers come from malloc, aligned to 16 bytes;
 * a WebAssembly memory is mapped by pages, so slices of it at multiples of a MiB are aligned. They
 * are kept for reuse and never returned to the system: two for each upload received at once.
 */
export function takeAlignedBuffer(): Buffer {
  if (free.length === 0) {
    const memory = new WebAssembly.Memory({ initial: (ALIGNED_BUFFER_BYTES * BUFFERS_PER_MEMORY) / WASM_PAGE_BYTES });
    for (let i = 0; i < BUFFERS_PER_MEMORY; i++)
      free.push(Buffer.from(memory.buffer, i * ALIGNED_BUFFER_BYTES, ALIGNED_BUFFER_BYTES));
  }
  return free.pop()!;
}

/** Gives back a buffer from `takeAlignedBuffer`, once nothing reads or writes it any more. */
export function returnAlignedBuffer(buffer: Buffer): void {
  free.push(buffer);
}
