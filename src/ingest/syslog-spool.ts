import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { spoolLine } from './syslog-framing.ts';

const SPOOL_NAME = /^spool-\d{15}-\d+-\d+\.log$/;

/**
 * Received messages, one per line, appended to a file in the spool folder. `rotate` closes the
 * current file so it can be ingested; a new file is opened with the next message. Files are named by
 * their start time, so listing them sorts them in arrival order; any spool file found at start (a
 * crash before its commit) is ingested first. Memory stays bounded: messages go straight to the
 * file stream, whose back-pressure the TCP side honours.
 */
export class SyslogSpool {
  readonly dir: string;
  #current: { file: string; out: WriteStream } | undefined;
  #seq = 0;
  readonly #closed: string[] = [];

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Opens the spool folder; spool files already in it (left by an earlier run) are closed files. */
  static async open(dir: string): Promise<SyslogSpool> {
    await mkdir(dir, { recursive: true });
    const spool = new SyslogSpool(dir);
    for (const name of (await readdir(dir)).filter((n) => SPOOL_NAME.test(n)).sort())
      spool.#closed.push(path.join(dir, name));
    return spool;
  }

  /** Appends one message; false when the file stream's buffer is full (wait for `drained`). */
  append(message: string): boolean {
    if (!this.#current) {
      const stamp = String(Date.now()).padStart(15, '0');
      const file = path.join(this.dir, `spool-${stamp}-${process.pid}-${this.#seq++}.log`);
      this.#current = { file, out: createWriteStream(file, { flags: 'a' }) };
    }
    return this.#current.out.write(`${spoolLine(message)}\n`);
  }

  /** Resolves when the current file can take more (or has been closed). */
  drained(): Promise<void> {
    const out = this.#current?.out;
    if (!out?.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  }

  /** Closes the current file (if any message went to it) and lists every closed file, oldest first. */
  async rotate(): Promise<readonly string[]> {
    const current = this.#current;
    this.#current = undefined;
    if (current) {
      await new Promise<void>((resolve, reject) =>
        current.out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
      this.#closed.push(current.file);
    }
    return [...this.#closed];
  }

  /** A closed file is done with (committed to the lake, then deleted). */
  forget(file: string): void {
    const i = this.#closed.indexOf(file);
    if (i >= 0) this.#closed.splice(i, 1);
  }
}
