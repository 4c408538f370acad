import { randomUUID } from 'node:crypto';
import { UserError } from '../../core/errors.ts';
import type { TimeWindow } from '../../core/time-window.ts';
import { VERSION } from '../../core/version.ts';
import type { LakeColumn, LakeSnapshot, LakeTableSnapshot } from '../../lake/lake-snapshot.ts';
import { type ListedTable, snapshotFromListing, tablesFromListing } from '../../lake/remote-lake-catalog.ts';
import { mergeColumns } from '../../lake/schema-merge.ts';
import {
  emptyTableSelect,
  NETWORK_SESSION_VIEW,
  networkSessionViewStatement,
  tableSelect,
} from '../../sql/lake-views.ts';
import { sparkQuoting } from '../../sql/sql-dialect.ts';
import type {
  ColumnInfo,
  Engine,
  EngineOptions,
  QueryResult,
  ResultBatch,
  Row,
  SqlParams,
} from '../engine.ts';
import { ArrowRowDecoder, type ColumnarBatch, columnsFromSparkSchema } from './spark-arrow.ts';
import { SparkConnectClient } from './spark-connect-client.ts';
import type { DataTypeMsg, PlanMsg, RelationMsg } from './spark-connect-protocol.ts';
import { parseSparkConnectUrl } from './spark-connect-url.ts';
import { lakeColumnsOfSpark, namedArguments, sparkSchemaDdl } from './spark-values.ts';

/** What the engine needs from the process; tests pass their own. */
export interface SparkEffects {
  /** Calls `handler` on Ctrl-C while an operation runs; returns the function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}

export const processSparkEffects: SparkEffects = {
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
};

/** Time spent on this side of the wire, for the benchmark's client-share figure. */
export interface SparkClientStats {
  /** Execute/analyze round-trips made. */
  roundTrips: number;
  /** Wall time from sending a plan until its last response arrived. */
  operationMs: number;
  /** Of which: decoding Arrow and building rows. */
  decodeMs: number;
  /**
   * Of which: from the first Arrow batch's arrival until the result was complete (the consumer
   * included). Spark has computed the result before it sends it, so this bounds from above the wall
   * time the client adds to a call; it includes Spark's own sending of the later batches.
   */
  tailMs: number;
  rows: number;
}

/** Session settings lakehunt relies on: every lake timestamp is UTC. */
const SESSION_CONFIG: Readonly<Record<string, string>> = { 'spark.sql.session.timeZone': 'UTC' };

/**
 * Apache Spark through Spark Connect. Queries are Spark SQL (the renderer's `spark` dialect), with
 * parameters as typed named arguments; results arrive as Arrow and leave in the same normalised
 * shape as the DuckDB engine's. This folder is the only code that speaks gRPC.
 */
export class SparkEngine implements Engine {
  readonly name = 'spark' as const;
  readonly dialect = 'spark' as const;
  readonly sparkVersion: string;
  readonly stats: SparkClientStats = { roundTrips: 0, operationMs: 0, decodeMs: 0, tailMs: 0, rows: 0 };
  readonly #client: SparkConnectClient;
  /** True when this engine created the session (no session_id in the URL) and so ends it on close. */
  readonly #ownsSession: boolean;
  readonly #effects: SparkEffects;

  private constructor(
    client: SparkConnectClient,
    ownsSession: boolean,
    sparkVersion: string,
    effects: SparkEffects,
  ) {
    this.#client = client;
    this.#ownsSession = ownsSession;
    this.sparkVersion = sparkVersion;
    this.#effects = effects;
  }

  static async open(
    options: EngineOptions,
    effects: SparkEffects = processSparkEffects,
  ): Promise<SparkEngine> {
    if (!options.remote) {
      throw new UserError(
        'spark-no-remote',
        'the spark engine needs a Spark Connect URL: pass --remote sc://HOST:PORT, or run' +
          ' `lakehunt session start --engine spark --remote sc://HOST:PORT` once',
        {},
        2,
      );
    }
    const url = parseSparkConnectUrl(options.remote);
    const client = new SparkConnectClient({
      url,
      sessionId: url.sessionId ?? randomUUID(),
      clientType: `lakehunt/${VERSION} node/${process.versions.node}`,
    });
    try {
      const version = await client.sparkVersion('connect');
      await client.setConfig(SESSION_CONFIG);
      return new SparkEngine(client, url.sessionId === undefined, version, effects);
    } catch (e) {
      client.close();
      throw e;
    }
  }

  get sessionId(): string {
    return this.#client.sessionId;
  }

  /**
   * One temporary view per table: the files (paths travel as data in a read.data_source, with
   * basePath so the day= folders become a partition column, as on DuckDB), then the window filter
   * and NetworkSession in SQL shared with the DuckDB engine.
   */
  async attachLake(lake: LakeSnapshot): Promise<void> {
    const q = sparkQuoting;
    for (const table of lake.tables) {
      let body: string;
      if (table.files.length === 0) body = emptyTableSelect(table, q);
      else {
        const filesView = `__lakehunt_files_${table.name}`;
        await this.#createView(filesView, parquetRelation(table));
        body = tableSelect(table, lake, q, q.quoteIdentifier(filesView));
      }
      await this.run(`CREATE OR REPLACE TEMP VIEW ${q.quoteIdentifier(table.name)} AS ${body}`);
    }
    if (!lake.tables.some((t) => t.name === NETWORK_SESSION_VIEW)) {
      await this.run(networkSessionViewStatement(lake, q));
    }
  }

  /**
   * The snapshot of a lake on cluster storage (abfss://, s3a://, hdfs://, file://…), listed by Spark:
   * its Parquet files (Spark skips `_schema.json`, as every name starting with `_`), grouped by the
   * lake layout, pruned to the window like a local lake, with each table's columns as Spark reads
   * its files. The URL travels as data in a read request, never as SQL text.
   */
  async discoverLake(url: string, window: TimeWindow | undefined): Promise<LakeSnapshot> {
    const listing = '__lakehunt_lake_files';
    const files: string[] = [];
    try {
      await this.#createView(listing, {
        read: {
          data_source: {
            format: 'binaryFile',
            options: { recursiveFileLookup: 'true', pathGlobFilter: '*.parquet' },
            paths: [url],
          },
        },
      });
      // binaryFile reads a file's content only when asked for it: this lists names.
      for await (const batch of this.stream(`SELECT path FROM ${sparkQuoting.quoteIdentifier(listing)}`)) {
        for (const row of batch.rows) if (typeof row['path'] === 'string') files.push(row['path']);
      }
    } catch (e) {
      throw lakeListingError(e, url, this.#client.where);
    } finally {
      await this.run(`DROP VIEW IF EXISTS ${sparkQuoting.quoteIdentifier(listing)}`).catch(() => undefined);
    }
    const tables = tablesFromListing(url, files);
    const columns = new Map<string, LakeColumn[]>();
    for (const table of tables) columns.set(table.name, await this.#listedTableColumns(table));
    return snapshotFromListing(url, window, tables, (name) => columns.get(name) ?? []);
  }

  /**
   * A listed table's columns, as `_schema.json` would hold them: Spark merges the files' footers;
   * when files disagree on a type (which Spark will not merge), each file is asked separately and
   * the types widened as ingest widens them.
   */
  async #listedTableColumns(table: ListedTable): Promise<LakeColumn[]> {
    const partitionColumns = table.partitioned ? ['day'] : [];
    const schemaOf = async (paths: readonly string[]) => {
      const options: Record<string, string> = { mergeSchema: 'true' };
      if (table.partitioned) options['basePath'] = table.path;
      const schema = await this.#interruptible(() =>
        this.#client.analyzeSchema({
          root: { read: { data_source: { format: 'parquet', options, paths: [...paths] } } },
        }),
      );
      return lakeColumnsOfSpark(schema, partitionColumns);
    };
    const files = table.files.map((f) => f.path);
    try {
      return await schemaOf(files);
    } catch (e) {
      if (!(e instanceof UserError && e.message.includes('[CANNOT_MERGE_SCHEMAS]'))) throw e;
    }
    let merged: LakeColumn[] = [];
    for (const file of files) merged = mergeColumns(merged, await schemaOf([file]));
    return merged;
  }

  async #createView(name: string, input: RelationMsg): Promise<void> {
    await this.#execute({
      command: { create_dataframe_view: { input, name, is_global: false, replace: true } },
    });
  }

  /** Runs a statement for its effect. */
  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.#execute(sqlPlan(sql, params));
  }

  /**
   * Runs a query's whole plan on the server and drops its rows there (Spark's `noop` data source):
   * what the query costs Spark without the Arrow transfer and lakehunt's decoding. The benchmark's
   * lower bound for a collected result.
   */
  async runDiscardingRows(sql: string, params?: SqlParams): Promise<void> {
    const { root } = sqlPlan(sql, params);
    await this.#execute({
      command: { write_operation: { input: root, source: 'noop', mode: 'SAVE_MODE_OVERWRITE' } },
    });
  }

  query(sql: string, params?: SqlParams): Promise<QueryResult> {
    return this.#execute(sqlPlan(sql, params));
  }

  async explain(sql: string, params?: SqlParams): Promise<string> {
    return this.#interruptible(() => this.#client.explain(sqlPlan(sql, params), 'EXPLAIN_MODE_FORMATTED'));
  }

  /** Column names and types of a query's result, without running it. */
  async schema(sql: string, params?: SqlParams): Promise<ReturnType<typeof columnsFromSparkSchema>> {
    const schema = await this.#interruptible(() => this.#client.analyzeSchema(sqlPlan(sql, params)));
    return columnsFromSparkSchema(schema);
  }

  /** Rows batch by batch (one Arrow record batch each) as Spark sends them. */
  async *stream(sql: string, params?: SqlParams): AsyncGenerator<ResultBatch> {
    const stop = this.#effects.onInterrupt(() => void this.interrupt());
    try {
      yield* this.#batches(sqlPlan(sql, params));
    } finally {
      stop();
    }
  }

  #execute(plan: PlanMsg): Promise<QueryResult> {
    return this.#interruptible(async () => {
      let columns: readonly ColumnInfo[] = [];
      const rows: Row[] = [];
      for await (const batch of this.#batches(plan)) {
        columns = batch.columns;
        // Building the row objects is part of decoding for a collected result.
        const t = performance.now();
        for (const row of batch.rows) rows.push(row);
        this.stats.decodeMs += performance.now() - t;
      }
      return { columns, rows };
    });
  }

  /**
   * Executes a plan and decodes each Arrow stream as it arrives, into columnar batches (rows are
   * built only if the consumer asks for them). Always yields at least one batch, so an empty result
   * still has its columns (from Spark's schema when no Arrow batch came).
   */
  async *#batches(plan: PlanMsg): AsyncGenerator<ResultBatch> {
    const started = performance.now();
    const decoder = new ArrowRowDecoder();
    let schema: DataTypeMsg | undefined;
    let decodeMs = 0;
    let rowCount = 0;
    let yielded = false;
    let firstBatchAt: number | undefined;
    try {
      for await (const response of this.#client.execute(plan)) {
        if (response.schema) schema = response.schema;
        const data = response.arrow_batch?.data;
        if (!data || data.length === 0) continue;
        const t = performance.now();
        firstBatchAt ??= t;
        const decoded: ColumnarBatch[] = [];
        decoder.decodeBatches(data, (batch) => decoded.push(batch));
        decodeMs += performance.now() - t;
        for (const batch of decoded) {
          if (batch.rowCount === 0) continue;
          rowCount += batch.rowCount;
          yielded = true;
          yield batch;
        }
      }
      if (!yielded) yield { columns: decoder.columns ?? columnsFromSparkSchema(schema), rows: [] };
    } finally {
      const ended = performance.now();
      this.stats.roundTrips += 1;
      this.stats.operationMs += ended - started;
      this.stats.tailMs += firstBatchAt === undefined ? 0 : ended - firstBatchAt;
      this.stats.decodeMs += decodeMs;
      this.stats.rows += rowCount;
    }
  }

  /** Runs an operation with Ctrl-C wired to the Interrupt RPC. */
  async #interruptible<T>(operation: () => Promise<T>): Promise<T> {
    const stop = this.#effects.onInterrupt(() => void this.interrupt());
    try {
      return await operation();
    } finally {
      stop();
    }
  }

  /** Cancels the running operation on the server (Ctrl-C). */
  async interrupt(): Promise<void> {
    await this.#client.interrupt();
  }

  async close(): Promise<void> {
    try {
      if (this.#ownsSession) await this.#client.releaseSession().catch(() => undefined);
    } finally {
      this.#client.close();
    }
  }
}

/** A failed listing of a lake URL as the user's problem: nothing there, or no connector for it. */
function lakeListingError(e: unknown, url: string, where: string): unknown {
  if (!(e instanceof UserError)) return e;
  if (e.message.includes('[PATH_NOT_FOUND]')) {
    return new UserError(
      'no-lake',
      `no lake at ${url}: Spark at ${where} finds nothing there (check the URL)`,
    );
  }
  const noConnector =
    /No FileSystem for scheme/.test(e.message) ||
    /ClassNotFoundException: Class \S*(hadoop\.fs|cloud\.hadoop)\S* not found/.test(e.message);
  if (noConnector) {
    const scheme = /^([A-Za-z0-9+.-]+):/.exec(url)?.[1] ?? url;
    return new UserError(
      'lake-scheme-unsupported',
      `Spark at ${where} cannot read ${scheme}:// URLs: the cluster needs the Hadoop connector for it ` +
        '(hadoop-azure for abfss/wasbs, hadoop-aws for s3a, gcs-connector for gs)',
    );
  }
  return e;
}

function sqlPlan(sql: string, params: SqlParams | undefined): { readonly root: RelationMsg } {
  const args = namedArguments(params);
  return { root: { sql: args ? { query: sql, named_arguments: args } : { query: sql } } };
}

/** Reads a table's Parquet files; the schema comes from _schema.json when Spark can take it as is. */
export function parquetRelation(table: LakeTableSnapshot): RelationMsg {
  const schema = sparkSchemaDdl(table.columns);
  const options: Record<string, string> = { basePath: table.path };
  if (!schema) options['mergeSchema'] = 'true';
  return {
    read: {
      data_source: { format: 'parquet', ...(schema ? { schema } : {}), options, paths: [...table.files] },
    },
  };
}
