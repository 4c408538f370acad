import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** One line of an input file, numbered from 1 as editors do. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Raised at the end of the stream when the input stopped in the middle (truncated gzip). */
export interface ReadProblem {
  readonly line: number;
  readonly reason: string;
}

export function isGzipPath(file: string): boolean {
  return file.endsWith('.gz');
}

/**
 * Streams the lines of a (possibly gzip) file. A truncated or corrupt gzip does not throw: the lines
 * decoded so far are yielded and `onProblem` is told where reading stopped and why.
 */
export async function* readLines(
  file: string,
  onProblem: (p: ReadProblem) => void,
): AsyncGenerator<NumberedLine> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = isGzipPath(file) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  let carry = '';
  let line = 0;
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = carry + chunk.toString('utf8');
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
        line++;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        yield { line, text: text.slice(start, end) };
        start = nl + 1;
      }
      carry = text.slice(start);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR'
        ? `truncated or corrupt gzip after line ${line}: ${(e as Error).message}`
        : `read error after line ${line}: ${(e as Error).message}`;
    if (carry !== '') onProblem({ line: line + 1, reason: `incomplete last line (${reason})` });
    else onProblem({ line, reason });
    return;
  }
  if (carry !== '') yield { line: line + 1, text: carry.endsWith('\r') ? carry.slice(0, -1) : carry };
}

/** The first `maxLines` lines (for detection and headers), tolerant of damage. */
export async function headLines(file: string, maxLines: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of readLines(file, () => {})) {
    lines.push(l.text);
    if (lines.length >= maxLines) break;
  }
  return lines;
}
