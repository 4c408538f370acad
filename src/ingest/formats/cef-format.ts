import { parseCefLine } from './cef-parser.ts';
import { stageParsedLines } from './parsed-lines-stage.ts';
import type { SourceFormat } from './source-format.ts';

/** Raw CEF over syslog (RFC 3164, RFC 5424 or bare `CEF:` lines) into CommonSecurityLog. */
export const cefFormat: SourceFormat = {
  name: 'cef',
  sniff: (head) => head.slice(0, 5).some((l) => /CEF:\d+\|/.test(l)),
  stage: (ctx) =>
    stageParsedLines(ctx, 'cef', (line) => parseCefLine(line, { referenceYear: ctx.referenceYear })),
};
