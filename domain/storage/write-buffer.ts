/**
 * A resumable upload's write buffer: the chunks that arrive while a write is under way go out
 * together in one writev. With Node's default 16 KiB, each 64 KiB chunk of a request was written alone
 * (230-256 MiB/s became 284 with this; tus's file store took 1.6 s of CPU a GiB in write calls).
 */
export const WRITE_BUFFER_BYTES = 1024 * 1024;
