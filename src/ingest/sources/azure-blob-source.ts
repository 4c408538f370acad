import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AnonymousCredential,
  ContainerClient,
  type StoragePipelineOptions,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { UserError } from '../../core/errors.ts';
import {
  type AzureBlobLocation,
  blobIdentity,
  describeLocation,
  parseAzureBlobUrl,
} from './azure-blob-url.ts';
import {
  type AzureCredential,
  type AzureStorageEnv,
  azureCredential,
  redactSecrets,
} from './azure-credentials.ts';
import { isIgnoredName } from './local-source.ts';
import type { SourceItem } from './source-item.ts';

// The only module that imports @azure/storage-blob (STYLE.md: one owner per heavy dependency).

/** Few, quick retries: an unreachable account fails in seconds, not minutes. */
function pipelineOptions(tryTimeoutInMs: number): StoragePipelineOptions {
  return {
    retryOptions: { maxTries: 3, retryDelayInMs: 250, maxRetryDelayInMs: 1000, tryTimeoutInMs },
    // No idle sockets left behind: a finished ingest exits at once.
    keepAliveOptions: { enable: false },
  };
}

const LIST_TIMEOUT_MS = 30_000;
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

function containerClient(where: AzureBlobLocation, credential: AzureCredential, timeoutMs: number) {
  const url = `${where.serviceUrl}/${encodeURIComponent(where.container)}`;
  const options = pipelineOptions(timeoutMs);
  switch (credential.kind) {
    case 'shared-key': {
      let shared: StorageSharedKeyCredential;
      try {
        shared = new StorageSharedKeyCredential(where.account, credential.key);
      } catch {
        throw new UserError('azure-credentials', `${credential.from} is not a valid account key (base64)`);
      }
      return new ContainerClient(url, shared, options);
    }
    case 'sas':
      return new ContainerClient(`${url}?${credential.token}`, new AnonymousCredential(), options);
    case 'anonymous':
      return new ContainerClient(url, new AnonymousCredential(), options);
  }
}

interface StorageFailure {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly name?: string;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
]);

/** Turns a storage failure into one line naming the location (never a secret) and what to do. */
export function explainStorageFailure(
  e: unknown,
  where: AzureBlobLocation,
  credential: AzureCredential,
  blob?: string,
): UserError {
  if (e instanceof UserError) return e;
  const f = (typeof e === 'object' && e !== null ? e : {}) as StorageFailure;
  const shown = blob ?? describeLocation(where);
  const code = f.code ? ` ${f.code}` : '';
  if ((f.statusCode === 403 || f.statusCode === 401) && credential.kind === 'anonymous') {
    return new UserError(
      'azure-auth-failed',
      `${shown} does not allow anonymous access (HTTP ${f.statusCode}${code}): set AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_CONNECTION_STRING`,
    );
  }
  if (f.statusCode === 403 || f.statusCode === 401) {
    return new UserError(
      'azure-auth-failed',
      `authentication failed for ${shown} (HTTP ${f.statusCode}${code}) using ${credential.from}: check that the key or SAS token is for account "${where.account}", is current, and allows list and read`,
    );
  }
  if (f.statusCode === 404) {
    const what =
      f.code === 'ContainerNotFound'
        ? `container "${where.container}" not found in account "${where.account}"`
        : f.code === 'BlobNotFound'
          ? 'blob not found (deleted since it was listed)'
          : `not found (HTTP 404${code})`;
    const hint =
      credential.kind === 'anonymous' && f.code !== 'BlobNotFound'
        ? '; if the container is private, set AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_CONNECTION_STRING'
        : '; check the URL';
    return new UserError('azure-not-found', `${shown}: ${what}${hint}`);
  }
  if (f.statusCode === 409 && f.code === 'PublicAccessNotPermitted') {
    return new UserError(
      'azure-auth-failed',
      `${shown} does not allow anonymous access: set AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_CONNECTION_STRING`,
    );
  }
  if (f.statusCode === 412) {
    return new UserError(
      'azure-blob-changed',
      `${shown} changed while it was read; it is read again on the next run`,
    );
  }
  if (f.statusCode === undefined && (NETWORK_CODES.has(f.code ?? '') || f.name === 'AbortError')) {
    return new UserError(
      'azure-unreachable',
      `cannot reach ${shown} (${f.code ?? 'timed out'}): check the account name and host in the URL, and the network`,
    );
  }
  const detail = redactSecrets(String(f.message ?? e).split('\n')[0] ?? '', credential).slice(0, 300);
  return new UserError(
    'azure-storage-failed',
    `Azure Storage request for ${shown} failed (${f.statusCode ? `HTTP ${f.statusCode}` : 'no response'}${code}): ${detail}`,
  );
}

/** A blob's name as a local file name: its last segment, kept so `.gz` and Zeek names still tell. */
function localName(blobName: string): string {
  const base = blobName.split('/').filter(Boolean).pop() ?? '';
  return base === '' || base === '.' || base === '..' ? 'blob' : base;
}

/**
 * Lists the blobs under an Azure Blob / ADLS Gen2 URL (a prefix names a folder or one blob), in name
 * order. Each item streams its blob to a staging file, pinned to the listed ETag so a blob rewritten
 * meanwhile fails cleanly instead of mixing versions.
 */
export async function listAzureBlobs(
  input: string,
  env: AzureStorageEnv = process.env,
): Promise<SourceItem[]> {
  const where = parseAzureBlobUrl(input);
  const credential = azureCredential(where.account, env);
  const lister = containerClient(where, credential, LIST_TIMEOUT_MS);
  const downloader = containerClient(where, credential, DOWNLOAD_TIMEOUT_MS);
  const folder = where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
  const items: SourceItem[] = [];
  try {
    const listing = lister.listBlobsFlat({
      includeMetadata: true,
      ...(where.prefix ? { prefix: where.prefix } : {}),
    });
    for await (const blob of listing) {
      const name = blob.name;
      if (name !== where.prefix && !name.startsWith(folder)) continue;
      // ADLS Gen2 lists its directories as empty marker blobs.
      if (blob.metadata?.['hdi_isfolder'] === 'true') continue;
      // As in a folder walk: hidden names and notes below the given prefix are left out.
      if (name !== where.prefix && name.slice(folder.length).split('/').some(isIgnoredName)) continue;
      const etag = blob.properties.etag ?? '';
      const identity = blobIdentity(where, name);
      items.push({
        source: identity,
        size: blob.properties.contentLength ?? 0,
        ...(etag ? { etag } : {}),
        mtimeMs: blob.properties.lastModified.getTime(),
        async localCopy(dir: string): Promise<string> {
          const file = path.join(dir, localName(name));
          try {
            const response = await downloader.getBlobClient(name).download(0, undefined, {
              conditions: etag ? { ifMatch: etag } : {},
              maxRetryRequests: 3,
            });
            const body = response.readableStreamBody as Readable | undefined;
            if (!body) throw new Error('the download has no body');
            await pipeline(body, createWriteStream(file));
          } catch (e) {
            throw explainStorageFailure(e, where, credential, identity);
          }
          return file;
        },
      });
    }
  } catch (e) {
    throw explainStorageFailure(e, where, credential);
  }
  return items.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
