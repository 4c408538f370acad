import { stageParsedLines } from './parsed-lines-stage.ts';
import type { SourceFormat } from './source-format.ts';
import { parseSuricataLine } from './suricata-parser.ts';

/** Suricata EVE JSON: flows into SuricataFlow (part of NetworkSession), other event types as their own tables. */
export const suricataFormat: SourceFormat = {
  name: 'suricata',
  sniff(head) {
    const first = head.find((l) => l.trim() !== '') ?? '';
    return first.trim().startsWith('{') && /"event_type"\s*:/.test(first) && /"timestamp"\s*:/.test(first);
  },
  stage: (ctx) => stageParsedLines(ctx, 'suricata', parseSuricataLine),
};
