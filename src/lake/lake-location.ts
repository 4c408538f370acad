import path from 'node:path';
import { UserError } from '../core/errors.ts';

/**
 * Where a lake is: a local folder (listed by lakehunt itself), or a URL on cluster storage that
 * only a cluster engine can read (lakehunt asks Spark to list it). `file:///abs/path` is a URL
 * too, so the remote code path can be exercised on one machine.
 */
export type LakeLocation =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'url'; readonly scheme: LakeUrlScheme; readonly url: string };

/** Storage schemes Spark reads through Hadoop file systems. */
export const LAKE_URL_SCHEMES = ['abfss', 'abfs', 'wasbs', 's3a', 'gs', 'hdfs', 'file'] as const;
export type LakeUrlScheme = (typeof LAKE_URL_SCHEMES)[number];

/** Schemes people type that Spark spells differently. */
const SCHEME_HINTS: Readonly<Record<string, string>> = {
  s3: 's3a',
  s3n: 's3a',
  wasb: 'wasbs',
  gcs: 'gs',
};

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** True when the value looks like a URL (`scheme://…`) rather than a folder. */
export function isLakeUrl(value: string): boolean {
  return SCHEME_RE.test(value);
}

/**
 * Parses `--lake`: a folder (resolved against `cwd`) or a storage URL. URLs are checked here so a
 * typo fails before any engine starts; what the URL names is the cluster's to resolve.
 */
export function parseLakeLocation(value: string, cwd: string = process.cwd()): LakeLocation {
  const match = SCHEME_RE.exec(value);
  if (!match) return { kind: 'local', path: path.resolve(cwd, value) };
  const scheme = match[1]!.toLowerCase();
  if (!(LAKE_URL_SCHEMES as readonly string[]).includes(scheme)) {
    const hint = SCHEME_HINTS[scheme];
    throw badLake(
      value,
      hint
        ? `use ${hint}:// instead of ${scheme}://`
        : `the scheme ${scheme}:// is not a lake store (use a folder or ${LAKE_URL_SCHEMES.map((s) => `${s}://`).join(', ')})`,
    );
  }
  const rest = value.slice(match[0].length);
  if (/[\s?#\\]/.test(rest) || [...rest].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw badLake(value, 'a lake URL may not contain spaces, control characters, backslashes, ? or #');
  }
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const segments = (slash === -1 ? '' : rest.slice(slash + 1)).split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) {
    throw badLake(value, 'a lake URL may not contain . or .. segments');
  }
  checkAuthority(value, scheme as LakeUrlScheme, authority);
  const url = `${scheme}://${authority}${segments.length > 0 ? `/${segments.join('/')}` : ''}`;
  if (scheme === 'file' && segments.length === 0) throw badLake(value, 'file:// needs an absolute path');
  return { kind: 'url', scheme: scheme as LakeUrlScheme, url };
}

function checkAuthority(value: string, scheme: LakeUrlScheme, authority: string): void {
  switch (scheme) {
    case 'abfss':
    case 'abfs':
    case 'wasbs':
      if (!/^[a-z0-9][a-z0-9-]{1,62}@[A-Za-z0-9.-]+$/.test(authority)) {
        throw badLake(
          value,
          `${scheme}:// needs CONTAINER@ACCOUNT.dfs.core.windows.net (lower-case container name)`,
        );
      }
      return;
    case 's3a':
    case 'gs':
      if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(authority)) {
        throw badLake(value, `${scheme}:// needs a bucket name: ${scheme}://BUCKET/path`);
      }
      return;
    case 'hdfs':
      // hdfs:///path uses the cluster's default name node.
      if (authority !== '' && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(authority)) {
        throw badLake(value, 'hdfs:// needs NAMENODE[:PORT] or nothing (hdfs:///path)');
      }
      return;
    case 'file':
      if (authority !== '' && authority !== 'localhost') {
        throw badLake(value, 'file:// URLs name a local absolute path: file:///abs/path');
      }
      return;
  }
}

/** The local folder a `file://` URL names. */
export function fileUrlPath(url: string): string {
  return decodeURIComponent(url.replace(/^file:\/\/(localhost)?/i, ''));
}

/** The local folder of a lake given as a folder or a `file://` URL; undefined on cluster storage. */
export function folderOfLake(location: LakeLocation): string | undefined {
  if (location.kind === 'local') return location.path;
  return location.scheme === 'file' ? fileUrlPath(location.url) : undefined;
}

function badLake(value: string, why: string): UserError {
  return new UserError('bad-lake-url', `--lake ${value}: ${why}`, {}, 2);
}

/** A cluster-storage lake given to an engine that reads local folders only. */
export function remoteLakeNeedsSpark(url: string): UserError {
  return new UserError(
    'remote-lake-needs-spark',
    `--lake ${url} is on cluster storage, which only Spark can read: add --engine spark --remote sc://HOST:PORT (or start a session with \`lakehunt session start\`)`,
    {},
    2,
  );
}

/** A cluster-storage lake given to code that lists local folders (ingest, tables, kql). */
export function remoteLakeNotHere(url: string): UserError {
  return new UserError(
    'remote-lake-not-supported',
    `--lake ${url} is on cluster storage: this command works on local lakes only (\`lakehunt sql\` and \`lakehunt hunt\`, without --explain, read cluster lakes with --engine spark)`,
    {},
    2,
  );
}

/** The local folder for `--lake` in commands that work on local lakes only (`file://` allowed). */
export function localLakeFolder(value: string): string {
  const location = parseLakeLocation(value);
  const folder = folderOfLake(location);
  if (folder === undefined) throw remoteLakeNotHere(location.kind === 'url' ? location.url : value);
  return folder;
}
