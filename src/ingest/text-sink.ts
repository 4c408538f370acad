import type { WriteStream } from 'node:fs';

/** Writes chunks to a file stream with back-pressure, then closes it. */
export async function writeLines(
  out: WriteStream,
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  let buffer = '';
  try {
    for await (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length >= 1 << 16) {
        if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', resolve));
        buffer = '';
      }
    }
    if (buffer) out.write(buffer);
  } finally {
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}
