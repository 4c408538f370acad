import { isAzureBlobInput } from './azure-blob-url.ts';
import type { AzureStorageEnv } from './azure-credentials.ts';
import { listLocalSources } from './local-source.ts';
import type { SourceItem } from './source-item.ts';

/**
 * What the PATH/URL arguments name, in argument order, each listed in a stable order. Only a URL
 * loads the Azure SDK, so local ingests never pay for it.
 */
export async function listSources(
  inputs: readonly string[],
  env: AzureStorageEnv = process.env,
): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for (const input of inputs) {
    if (isAzureBlobInput(input)) {
      const { listAzureBlobs } = await import('./azure-blob-source.ts');
      items.push(...(await listAzureBlobs(input, env)));
    } else {
      items.push(...(await listLocalSources([input])));
    }
  }
  return items;
}
