import { UserError } from '../../core/errors.ts';

/**
 * Where a container (and optionally a prefix inside it) lives. `serviceUrl` is the Blob endpoint the
 * SDK talks to; ADLS Gen2 names (`.dfs.core.windows.net`, `abfss://`) map to the same account's Blob
 * endpoint, which serves hierarchical-namespace accounts too.
 */
export interface AzureBlobLocation {
  /** `https://<account>.blob.core.windows.net` or, path-style, `http://127.0.0.1:10000/<account>`. */
  readonly serviceUrl: string;
  readonly account: string;
  readonly container: string;
  /** Blob-name prefix (no leading slash; empty for the whole container). */
  readonly prefix: string;
}

const HOST_STYLE = /^([a-z0-9]{3,24})\.(?:blob|dfs)\.core\.windows\.net$/i;
const CONTAINER = /^(?:\$root|\$logs|[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})$/;

/** True for the inputs `lakehunt ingest` reads from Azure Storage rather than from a folder. */
export function isAzureBlobInput(input: string): boolean {
  return /^(?:https?|abfss?|wasbs?):\/\//i.test(input);
}

function bad(input: string, why: string): UserError {
  return new UserError('bad-blob-url', `cannot read ${input} as an Azure Storage location: ${why}`, {}, 2);
}

function decodeSegments(pathPart: string, input: string): string[] {
  try {
    return pathPart
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    throw bad(input, 'the path is not valid percent-encoding');
  }
}

function location(
  input: string,
  serviceUrl: string,
  account: string,
  segments: readonly string[],
): AzureBlobLocation {
  const [container, ...rest] = segments;
  if (!container) throw bad(input, 'no container in the URL (…/<container>[/<prefix>])');
  if (!CONTAINER.test(container)) {
    throw bad(input, `"${container}" is not a container name (3–63 lower-case letters, digits and dashes)`);
  }
  // A trailing slash means "everything under this folder", so keep it on the prefix.
  const trailing = rest.length > 0 && /\/$/.test(input.replace(/[?#].*$/, '')) ? '/' : '';
  return { serviceUrl, account, container, prefix: rest.join('/') + trailing };
}

/**
 * Parses `https://<account>.blob.core.windows.net/<container>[/<prefix>]`, the `.dfs.` form,
 * `abfss://<container>@<account>.dfs.core.windows.net/<prefix>`, `wasbs://` likewise, and path-style
 * emulator URLs `http://127.0.0.1:10000/<account>/<container>[/<prefix>]`. A query string (a SAS)
 * is refused: credentials come from the environment, never from the command line.
 */
export function parseAzureBlobUrl(input: string): AzureBlobLocation {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw bad(input, 'not a URL');
  }
  if (url.search !== '' || url.password !== '' || (url.username !== '' && /^https?:$/.test(url.protocol))) {
    throw new UserError(
      'bad-blob-url',
      'put Azure credentials in AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_CONNECTION_STRING, not in the URL',
      {},
      2,
    );
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (scheme === 'abfss' || scheme === 'abfs' || scheme === 'wasbs' || scheme === 'wasb') {
    const host = HOST_STYLE.exec(url.hostname);
    if (!host || url.username === '') {
      throw bad(shown, `expected ${scheme}://<container>@<account>.dfs.core.windows.net/<prefix>`);
    }
    const account = host[1]!.toLowerCase();
    const secure = scheme.endsWith('s') ? 'https' : 'http';
    const segments = [decodeURIComponent(url.username), ...decodeSegments(url.pathname, shown)];
    return location(shown, `${secure}://${account}.blob.core.windows.net`, account, segments);
  }
  if (scheme !== 'https' && scheme !== 'http') throw bad(shown, `unsupported scheme ${scheme}://`);
  const host = HOST_STYLE.exec(url.hostname);
  if (host) {
    const account = host[1]!.toLowerCase();
    return location(
      shown,
      `${scheme}://${account}.blob.core.windows.net`,
      account,
      decodeSegments(url.pathname, shown),
    );
  }
  // Path style (Azurite, Azure Stack): the first path segment is the account.
  const [account, ...segments] = decodeSegments(url.pathname, shown);
  if (!account) throw bad(shown, 'no account in the URL (http://host:port/<account>/<container>)');
  return location(shown, `${url.protocol}//${url.host}/${encodeURIComponent(account)}`, account, segments);
}

/** The identity of one blob: its URL without a query string, with the name readable (not %-encoded). */
export function blobIdentity(where: AzureBlobLocation, blobName: string): string {
  return `${where.serviceUrl}/${where.container}/${blobName}`;
}

/** The location as the user reads it, for messages (never carries a credential). */
export function describeLocation(where: AzureBlobLocation): string {
  return `${where.serviceUrl}/${where.container}${where.prefix ? `/${where.prefix}` : ''}`;
}
