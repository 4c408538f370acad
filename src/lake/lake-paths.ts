import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { localLakeFolder } from './lake-location.ts';
import { validateTableName } from './table-names.ts';

/**
 * Every path lakehunt writes inside a lake is built here, and checked to stay inside the lake root.
 * Layout: <root>/<Table>/day=YYYY-MM-DD/part-<id>.parquet, with bookkeeping under <root>/_lakehunt.
 */
export class LakePaths {
  readonly root: string;

  constructor(root: string) {
    this.root = localLakeFolder(root);
  }

  inside(...segments: string[]): string {
    const p = path.resolve(this.root, ...segments);
    const rel = path.relative(this.root, p);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new UserError('path-outside-lake', `refusing to write outside the lake ${this.root}: ${p}`);
    }
    return p;
  }

  table(name: string): string {
    return this.inside(validateTableName(name));
  }

  partition(table: string, day: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`bad partition day ${day}`);
    return this.inside(validateTableName(table), `day=${day}`);
  }

  schemaFile(table: string): string {
    return this.inside(validateTableName(table), '_schema.json');
  }

  get meta(): string {
    return this.inside('_lakehunt');
  }
  get ledger(): string {
    return this.inside('_lakehunt', 'ledger.jsonl');
  }
  get transactions(): string {
    return this.inside('_lakehunt', 'txn');
  }
  get staging(): string {
    return this.inside('_lakehunt', 'staging');
  }
  get quarantine(): string {
    return this.inside('_quarantine');
  }
}
