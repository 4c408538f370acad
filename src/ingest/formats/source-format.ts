import type { DuckDBEngine } from '../../engines/duckdb/duckdb-engine.ts';
import type { QuarantineEntry } from '../quarantine.ts';
import type { StagedUnit, StagedWriter } from '../staged-writer.ts';

export type FormatName = 'la-export' | 'csv' | 'cef' | 'zeek' | 'suricata';
export const FORMAT_NAMES: readonly FormatName[] = ['la-export', 'csv', 'cef', 'zeek', 'suricata'];

/** What a format needs to turn one source file into staged Parquet. */
export interface StageContext {
  /** A local file with the content (the source itself, or a copy of a blob in the staging area). */
  readonly file: string;
  /**
   * What the records came from, as users know it: the file's path or the blob's URL. Quarantine
   * entries and messages name it, and facts carried by the path (the `am-<table>` folder, Zeek log
   * names) are read from it.
   */
  readonly source: string;
  /** `--table NAME`, for formats that hold one table. */
  readonly tableOverride: string | undefined;
  readonly engine: DuckDBEngine;
  readonly writer: StagedWriter;
  /** A private scratch folder for this source file inside the lake's staging area. */
  readonly scratchDir: string;
  /** Year for timestamps that have none (RFC 3164 syslog). */
  readonly referenceYear: number;
  quarantine(entry: QuarantineEntry): void;
  /** Resolves once the whole file was checked: why its gzip stream is damaged, if it is. */
  gzipProblem(): Promise<string | undefined>;
}

export interface StageResult {
  readonly units: readonly StagedUnit[];
  /** Input records seen; must equal rows written plus records quarantined. */
  readonly records: number;
}

/** A source format: content detection plus staging. Registered in format-registry.ts. */
export interface SourceFormat {
  readonly name: FormatName;
  /** Whether the first lines of a file (decompressed, BOM removed) look like this format; `source` as in StageContext. */
  sniff(head: readonly string[], source: string): boolean;
  stage(ctx: StageContext): Promise<StageResult>;
}
