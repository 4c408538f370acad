import { UserError } from '../../core/errors.ts';

/** The environment variables lakehunt reads Azure Storage credentials from. */
export interface AzureStorageEnv {
  readonly AZURE_STORAGE_CONNECTION_STRING?: string | undefined;
  readonly AZURE_STORAGE_ACCOUNT_KEY?: string | undefined;
  readonly AZURE_STORAGE_SAS_TOKEN?: string | undefined;
}

export type AzureCredential =
  | { readonly kind: 'shared-key'; readonly key: string; readonly from: string }
  | { readonly kind: 'sas'; readonly token: string; readonly from: string }
  | { readonly kind: 'anonymous'; readonly from: string };

/** `k=v;k=v` (values may hold `=`, as base64 keys and SAS tokens do). */
function parseConnectionString(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return fields;
}

/**
 * Picks the credential for `account`: a connection string first, then an account key, then a SAS
 * token, else anonymous (public containers). Messages name the variable, never its value.
 */
export function azureCredential(account: string, env: AzureStorageEnv): AzureCredential {
  const connection = env.AZURE_STORAGE_CONNECTION_STRING?.trim();
  if (connection) {
    const from = 'AZURE_STORAGE_CONNECTION_STRING';
    const fields = parseConnectionString(connection);
    const named = fields.get('accountname');
    if (named !== undefined && named.toLowerCase() !== account.toLowerCase()) {
      throw new UserError(
        'azure-credentials',
        `${from} is for account "${named}" but the URL names account "${account}"; use the matching connection string`,
      );
    }
    const key = fields.get('accountkey');
    if (key) return { kind: 'shared-key', key, from };
    const sas = fields.get('sharedaccesssignature');
    if (sas) return { kind: 'sas', token: sas.replace(/^\?/, ''), from };
    throw new UserError(
      'azure-credentials',
      `${from} has neither AccountKey nor SharedAccessSignature; set one of them`,
    );
  }
  const key = env.AZURE_STORAGE_ACCOUNT_KEY?.trim();
  if (key) return { kind: 'shared-key', key, from: 'AZURE_STORAGE_ACCOUNT_KEY' };
  const sas = env.AZURE_STORAGE_SAS_TOKEN?.trim();
  if (sas) return { kind: 'sas', token: sas.replace(/^\?/, ''), from: 'AZURE_STORAGE_SAS_TOKEN' };
  return { kind: 'anonymous', from: 'no credential (anonymous access)' };
}

/** Removes every secret the credential holds, and any SAS signature, from a text meant for people. */
export function redactSecrets(text: string, credential: AzureCredential): string {
  let out = text.replace(/([?&;]sig=)[^&\s;"']+/gi, '$1***');
  const secrets =
    credential.kind === 'shared-key'
      ? [credential.key, encodeURIComponent(credential.key)]
      : credential.kind === 'sas'
        ? [credential.token]
        : [];
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}
