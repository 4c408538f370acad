/** Longest message kept whole; a longer newline-delimited message is cut there (RFC 5425 asks for 2 KiB at least). */
export const MAX_SYSLOG_MESSAGE = 64 * 1024;

/**
 * One received message as one spool line: a trailing newline is dropped and newlines inside the
 * message become spaces, so a message is never split into two records.
 */
export function spoolLine(message: string): string {
  return message.replace(/\r?\n$/, '').replace(/\r?\n|\r/g, ' ');
}

/**
 * Splits a syslog TCP stream into messages (RFC 6587): a frame that starts with a digit is
 * octet-counted (`LEN SP MSG`), anything else ends at a newline. Bytes are kept until a frame is
 * complete, so a message split across packets comes out whole. Pure: bytes in, messages out.
 */
export class SyslogFrameDecoder {
  #pending: Buffer = Buffer.alloc(0);

  /** Messages completed by `chunk`; throws on an octet count that cannot be a syslog message. */
  push(chunk: Buffer): string[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const out: string[] = [];
    let at = 0;
    const buf = this.#pending;
    while (at < buf.length) {
      const first = buf[at] ?? 0;
      if (first === 0x0a || first === 0x0d) {
        at++;
        continue;
      }
      if (first >= 0x30 && first <= 0x39) {
        const space = buf.indexOf(0x20, at);
        if (space < 0 || space - at > 7) {
          if (buf.length - at > 7) throw new Error(`bad octet count "${clip(buf, at)}"`);
          break;
        }
        const digits = buf.toString('latin1', at, space);
        if (!/^[1-9]\d*$/.test(digits) || Number(digits) > MAX_SYSLOG_MESSAGE) {
          throw new Error(`bad octet count "${digits}" (1 to ${MAX_SYSLOG_MESSAGE})`);
        }
        const end = space + 1 + Number(digits);
        if (end > buf.length) break;
        out.push(buf.toString('utf8', space + 1, end));
        at = end;
        continue;
      }
      const newline = buf.indexOf(0x0a, at);
      if (newline < 0) {
        if (buf.length - at < MAX_SYSLOG_MESSAGE) break;
        out.push(buf.toString('utf8', at, at + MAX_SYSLOG_MESSAGE));
        at += MAX_SYSLOG_MESSAGE;
        continue;
      }
      out.push(buf.toString('utf8', at, buf[newline - 1] === 0x0d ? newline - 1 : newline));
      at = newline + 1;
    }
    this.#pending = at === 0 ? buf : buf.subarray(at);
    return out.filter((m) => m.trim() !== '');
  }

  /**
   * At the end of the connection: what is left (a last message without its newline, or a frame cut
   * short), so it still reaches the spool and is accounted for (the quarantine takes what is broken).
   */
  end(): string[] {
    const text = this.#pending.toString('utf8');
    this.#pending = Buffer.alloc(0);
    return text.trim() === '' ? [] : [text];
  }
}

function clip(buf: Buffer, at: number): string {
  return buf.toString('latin1', at, Math.min(buf.length, at + 12));
}
