import { UserError } from '../core/errors.ts';
import type { Hunt, HuntParameter, HuntParams, HuntParamValue } from './hunt.ts';

/** `minCheckins` → `--min-checkins`: the flag that sets a parameter on the command line. */
export function parameterFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function badParameter(p: HuntParameter, message: string): UserError {
  return new UserError('bad-parameter', `${parameterFlag(p.name)} ${message}`, {}, 2);
}

function parseOne(p: HuntParameter, raw: unknown): HuntParamValue {
  switch (p.type) {
    case 'integer':
    case 'number': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      if (!Number.isFinite(n)) throw badParameter(p, `must be a number, got "${String(raw)}"`);
      if (p.type === 'integer' && !Number.isInteger(n))
        throw badParameter(p, `must be a whole number, got "${String(raw)}"`);
      const unit = p.unit ? ` ${p.unit}` : '';
      if (p.min !== undefined && n < p.min)
        throw badParameter(p, `must be at least ${p.min}${unit}, got ${n}`);
      if (p.max !== undefined && n > p.max)
        throw badParameter(p, `must be at most ${p.max}${unit}, got ${n}`);
      return n;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw badParameter(p, `must be true or false, got "${String(raw)}"`);
    case 'choice': {
      const text = String(raw);
      if (!p.choices?.includes(text))
        throw badParameter(p, `must be one of ${(p.choices ?? []).join(', ')}, got "${text}"`);
      return text;
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
      return items.map((s) => s.trim()).filter((s) => s !== '');
    }
    case 'string': {
      if (typeof raw !== 'string') throw badParameter(p, `must be text, got ${typeof raw}`);
      return raw;
    }
  }
}

/**
 * Checks and types a hunt's parameters: unknown names are refused, defaults filled in, numbers held to
 * their ranges. Values may come as text (command line) or typed (library callers).
 */
export function resolveHuntParams(hunt: Hunt, raw: Readonly<Record<string, unknown>>): HuntParams {
  const known = new Map(hunt.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      throw new UserError(
        'bad-parameter',
        `hunt ${hunt.name} has no parameter "${name}" (known: ${[...known.keys()].join(', ')})`,
        {},
        2,
      );
    }
  }
  const params: Record<string, HuntParamValue | undefined> = {};
  for (const p of hunt.parameters) {
    const value = raw[p.name];
    params[p.name] = value === undefined || value === null ? p.default : parseOne(p, value);
  }
  hunt.validate?.(params);
  return params;
}

export function numberParam(params: HuntParams, name: string): number {
  const v = params[name];
  if (typeof v !== 'number') throw new Error(`parameter ${name} is not a number`);
  return v;
}

export function stringParam(params: HuntParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Error(`parameter ${name} is not text`);
  return v;
}

export function booleanParam(params: HuntParams, name: string): boolean {
  return params[name] === true;
}

export function listParam(params: HuntParams, name: string): readonly string[] {
  const v = params[name];
  return Array.isArray(v) ? v : [];
}
