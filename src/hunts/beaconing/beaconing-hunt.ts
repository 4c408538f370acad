import { UserError } from '../../core/errors.ts';
import type { ColumnInfo, Row } from '../../engines/engine.ts';
import type { Hunt, HuntContext, HuntOutcome, HuntParams } from '../hunt.ts';
import { booleanParam, listParam, numberParam, parameterFlag, stringParam } from '../hunt-params.ts';
import { BEACON_PARAMETERS } from './beacon-parameters.ts';
import {
  countedHistogram,
  type PairStats,
  type Severity,
  type SizeStats,
  scorePairs,
  severityAtLeast,
  typicalBytes,
} from './beacon-score.ts';
import { compileScoreQuery, HISTOGRAM_BINS_PER_OCTAVE } from './beacon-score-sql.ts';
import { compileSentinelQuery } from './beacon-sentinel-sql.ts';
import { beaconSource, beaconSourceColumns } from './beacon-source.ts';
import { QuantileGrid } from './quantile-grid.ts';

const DAY_MS = 86_400_000;

const SCORE_COLUMNS: readonly ColumnInfo[] = [
  ['SourceIP', 'string'],
  ['DestinationIP', 'string'],
  ['DestinationPort', 'int'],
  ['Protocol', 'string'],
  ['Connections', 'long'],
  ['CheckIns', 'long'],
  ['FirstSeen', 'timestamp'],
  ['LastSeen', 'timestamp'],
  ['PeriodSeconds', 'double'],
  ['JitterSeconds', 'double'],
  ['Score', 'double'],
  ['Severity', 'string'],
  ['TimingScore', 'double'],
  ['SizeScore', 'double'],
  ['PersistenceScore', 'double'],
  ['PrevalenceScore', 'double'],
  ['EvidenceScore', 'double'],
  ['TimingMethod', 'string'],
  ['ActiveHours', 'long'],
  ['LongestRunHours', 'long'],
  ['RegularSources', 'long'],
  ['TotalSentBytes', 'double'],
  ['TypicalSentBytes', 'double'],
  ['Strobe', 'boolean'],
  ['IntervalHistogram', 'list'],
].map(([name, type]) => ({ name: name!, type: type! }));

const SENTINEL_COLUMNS: readonly ColumnInfo[] = [
  ['DestinationIP', 'string'],
  ['DeviceVendor', 'string'],
  ['SourceIP', 'string'],
  ['DestinationPort', 'int'],
  ['Protocol', 'string'],
  ['Timedelta', 'long'],
  ['Timedeltacount', 'long'],
  ['TotalSentBytes', 'long'],
  ['TotalReceivedBytes', 'long'],
  ['Totalevents', 'long'],
  ['DegreeofSourceIps', 'long'],
  ['Timedeltalist', 'list'],
  ['Timedeltalistcount', 'long'],
  ['Totaleventcount', 'long'],
  ['Percentbeacon', 'double'],
].map(([name, type]) => ({ name: name!, type: type! }));

function modeOf(params: HuntParams): 'score' | 'sentinel' {
  return params['mode'] === 'sentinel' ? 'sentinel' : 'score';
}

function tableOf(params: HuntParams): string {
  return (
    stringParam(params, 'table') ?? (modeOf(params) === 'sentinel' ? 'CommonSecurityLog' : 'NetworkSession')
  );
}

function sizeStatsOf(row: Row): SizeStats | undefined {
  const meanLog = row['SizeMeanLog'] ?? null;
  const sdLog = row['SizeSdLog'] ?? null;
  const maxBytes = row['SizeMax'] ?? null;
  if (meanLog === null || sdLog === null || maxBytes === null) return undefined;
  return { meanLog: toNumber(meanLog), sdLog: toNumber(sdLog), maxBytes: toNumber(maxBytes) };
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/** A list cell: the engine's list, or (as the score query hands lists over) its JSON text. */
function listCell(cell: unknown): unknown {
  return typeof cell === 'string' ? JSON.parse(cell) : cell;
}

function numberList(cell: unknown): number[] {
  const list = listCell(cell);
  return Array.isArray(list) ? list.map(toNumber) : [];
}

function scoreRows(rows: readonly Row[], params: HuntParams, context: HuntContext): HuntOutcome {
  const windowMs = context.window.to.getTime() - context.window.from.getTime();
  const strobeConnections = strobeConnectionsFor(params, windowMs);
  const minSeverity = (stringParam(params, 'minSeverity') ?? 'low') as Severity;
  const stats: PairStats[] = rows.map((row) => ({
    connections: toNumber(row['Connections']),
    checkIns: toNumber(row['CheckIns']),
    firstMs: toNumber(row['FirstMs']),
    lastMs: toNumber(row['LastMs']),
    activeHours: toNumber(row['ActiveHours']),
    longestRunHours: toNumber(row['LongestRunHours'] ?? 0),
    intervals: QuantileGrid.from(listCell(row['IntervalQuantiles'])),
    sizes: sizeStatsOf(row),
    destinationKey: `${String(row['DestinationIP'])}|${String(row['DestinationPort'])}|${String(row['Protocol'])}`,
    sourceKey: String(row['SourceIP']),
  }));
  const scores = scorePairs(stats, {
    windowMs,
    strobeConnections,
    commonSources: numberParam(params, 'commonSources'),
  });
  const scored: Row[] = [];
  rows.forEach((row, i) => {
    const p = stats[i]!;
    const s = scores[i]!;
    if (!s.strobe && !severityAtLeast(s.severity, minSeverity)) return;
    scored.push({
      SourceIP: row['SourceIP'] ?? null,
      DestinationIP: row['DestinationIP'] ?? null,
      DestinationPort: row['DestinationPort'] ?? null,
      Protocol: row['Protocol'] ?? null,
      Connections: p.connections,
      CheckIns: p.checkIns,
      FirstSeen: new Date(p.firstMs),
      LastSeen: new Date(p.lastMs),
      PeriodSeconds: s.periodSeconds,
      JitterSeconds: s.jitterSeconds,
      Score: s.strobe ? null : s.score,
      Severity: s.severity,
      TimingScore: s.strobe ? null : s.timing,
      SizeScore: s.size,
      PersistenceScore: s.persistence,
      PrevalenceScore: s.prevalence,
      EvidenceScore: s.evidence,
      TimingMethod: s.strobe ? 'strobe' : s.timingMethod,
      ActiveHours: p.activeHours,
      LongestRunHours: p.longestRunHours,
      RegularSources: s.regularSources,
      TotalSentBytes: row['SentBytesTotal'] ?? null,
      TypicalSentBytes: p.sizes ? Math.round(typicalBytes(p.sizes)) : null,
      Strobe: s.strobe,
      IntervalHistogram: countedHistogram(
        numberList(row['HistogramBins']),
        numberList(row['HistogramCounts']),
        HISTOGRAM_BINS_PER_OCTAVE,
      ).map((b) => ({ fromSeconds: b.fromSeconds, toSeconds: b.toSeconds, intervals: b.intervals })),
    });
  });
  // Beacons by score, strobes after them; ties broken by the pair so the order is stable.
  scored.sort(
    (a, b) =>
      Number(a['Strobe']) - Number(b['Strobe']) ||
      toNumber(b['Score'] ?? 0) - toNumber(a['Score'] ?? 0) ||
      toNumber(b['Connections']) - toNumber(a['Connections']) ||
      pairKey(a).localeCompare(pairKey(b)),
  );
  const limit = numberParam(params, 'limit');
  const kept = scored.slice(0, limit);
  const notes = [
    `${rows.length} candidate pair${rows.length === 1 ? '' : 's'} scored; ${scored.length} at or above ${minSeverity} (or strobes)`,
  ];
  if (scored.length > kept.length) notes.push(`showing the best ${limit}; raise --limit to see more`);
  if (kept.length === 0) {
    notes.push(
      rows.length === 0
        ? `no pair had ${numberParam(params, 'minCheckins')} or more check-ins with intervals regular enough to score`
        : `no pair scored ${minSeverity} or above; try --min-severity informational`,
    );
  }
  return { rows: kept, notes };
}

function pairKey(row: Row): string {
  return `${String(row['SourceIP'])}|${String(row['DestinationIP'])}|${String(row['DestinationPort'])}|${String(row['Protocol'])}`;
}

function strobeConnectionsFor(params: HuntParams, windowMs: number): number {
  return Math.max(1, Math.round((numberParam(params, 'strobeDailyConnections') * windowMs) / DAY_MS));
}

function sentinelRows(rows: readonly Row[], params: HuntParams): HuntOutcome {
  const limit = numberParam(params, 'limit');
  const kept = rows.slice(0, limit).map((r) => ({ ...r }));
  const notes = [
    `${rows.length} pair${rows.length === 1 ? '' : 's'} above ${numberParam(params, 'percentBeaconThreshold')} % beacon share`,
  ];
  if (rows.length === 0) {
    notes.push(
      'no pair passed the thresholds (source events, destination degree, delta threshold, beacon share); lower them with --daily-event-count-threshold or --percent-beacon-threshold',
    );
  }
  return { rows: kept, notes };
}

export const beaconingHunt: Hunt = {
  name: 'beaconing',
  description:
    'Network beaconing: pairs that call home on a schedule (ranked detector, or the Sentinel notebook analytic)',
  parameters: BEACON_PARAMETERS,
  validate(params) {
    beaconSource(tableOf(params));
    for (const flag of ['allowDestinations', 'allowSources']) {
      if (listParam(params, flag).length > 200) {
        throw new UserError('bad-parameter', `${parameterFlag(flag)} takes at most 200 entries`, {}, 2);
      }
    }
  },
  input(params) {
    const source = beaconSource(tableOf(params));
    return { table: source.table, columns: beaconSourceColumns(source) };
  },
  outputColumns(params) {
    return modeOf(params) === 'sentinel' ? SENTINEL_COLUMNS : SCORE_COLUMNS;
  },
  compile(params, context) {
    const source = beaconSource(tableOf(params));
    const deviceVendor = stringParam(params, 'deviceVendor');
    if (modeOf(params) === 'sentinel') {
      return compileSentinelQuery(
        {
          source,
          deviceVendor,
          dailyEventCountThreshold: numberParam(params, 'dailyEventCountThreshold'),
          degreeOfSrcipThreshold: numberParam(params, 'degreeOfSrcipThreshold'),
          timeDeltaThreshold: numberParam(params, 'timeDeltaThreshold'),
          percentBeaconThreshold: numberParam(params, 'percentBeaconThreshold'),
          deltaScope: params['deltaScope'] === 'source' ? 'source' : 'pair',
        },
        context,
      );
    }
    const windowMs = context.window.to.getTime() - context.window.from.getTime();
    return compileScoreQuery(
      {
        source,
        deviceVendor,
        minCheckins: numberParam(params, 'minCheckins'),
        collapseSeconds: numberParam(params, 'collapseSeconds'),
        acrossPorts: booleanParam(params, 'acrossPorts'),
        strobeConnections: strobeConnectionsFor(params, windowMs),
        allowDestinations: listParam(params, 'allowDestinations'),
        allowSources: listParam(params, 'allowSources'),
        includeMulticast: booleanParam(params, 'includeMulticast'),
      },
      context,
    );
  },
  postProcess(rows, params, context) {
    return modeOf(params) === 'sentinel' ? sentinelRows(rows, params) : scoreRows(rows, params, context);
  },
};
