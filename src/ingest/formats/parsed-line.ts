export type JsonScalar = string | number | boolean | null;
export type ParsedRecord = Record<string, JsonScalar>;
export type ParsedLine =
  | { readonly ok: true; readonly table: string; readonly record: ParsedRecord }
  | { readonly ok: false; readonly reason: string };
