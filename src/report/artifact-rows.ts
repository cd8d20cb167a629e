/**
 * Lenient reading of an artifact into flat table rows. The artifact files come from scripts owned elsewhere and
 * may grow fields or change nesting, so this takes what it can (a top-level list, a named list, or a map keyed by
 * name) and reports what it could not as warnings instead of failing the report.
 */
import type { JsonValue } from './schema.ts';

export type Cell = string | number | boolean | null;
export type FlatRow = Readonly<Record<string, Cell>>;

export interface ExtractedRows {
  readonly rows: readonly FlatRow[];
  /** Top-level scalar fields (device line, copy bandwidth, totals…), flattened one level. */
  readonly meta: readonly (readonly [string, Cell])[];
  readonly warnings: readonly string[];
  /** The top-level field the rows came from, when they came from one. */
  readonly listKey?: string;
}

type JsonObject = { readonly [key: string]: JsonValue };

export const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: JsonValue): v is Cell => v === null || typeof v !== 'object';
/** A scalar or a list of scalars: what one table cell can show. */
const isFlat = (v: JsonValue): boolean => isScalar(v) || (Array.isArray(v) && v.every(isScalar));

/** Arrays of scalars read as "a, b"; anything deeper is shown as its JSON. */
function toCell(v: JsonValue): Cell {
  if (isScalar(v)) return v;
  if (Array.isArray(v) && v.every(isScalar)) return v.map(String).join(', ');
  return JSON.stringify(v);
}

/** One level of nesting becomes "outer.inner" columns (e.g. `registers.sgpr`). */
export function flatten(o: JsonObject): FlatRow {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(o)) {
    if (isObject(v) && Object.values(v).every(isFlat)) {
      for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = toCell(v2);
    } else {
      out[k] = toCell(v);
    }
  }
  return out;
}

function fromList(list: readonly JsonValue[], where: string, warnings: string[]): FlatRow[] {
  const rows: FlatRow[] = [];
  list.forEach((item, i) => {
    if (isObject(item)) rows.push(flatten(item));
    else warnings.push(`${where}[${i}] is not an object (got ${JSON.stringify(item)}); skipped`);
  });
  return rows;
}

/**
 * A map keyed by name (`{ "topk": {...}, ... }`) becomes rows with `keyNames[0]` set to the key; a map of maps
 * (`{ kernel: { target: {...} } }`) becomes one row per inner entry with both keys.
 */
function fromMap(map: JsonObject, keyNames: readonly [string, string]): FlatRow[] {
  const rows: FlatRow[] = [];
  for (const [outer, value] of Object.entries(map)) {
    if (!isObject(value)) continue;
    const inner = Object.entries(value);
    if (inner.length > 0 && inner.every(([, v]) => isObject(v) && Object.values(v).some((x) => !isObject(x)))) {
      for (const [key, v] of inner) rows.push({ [keyNames[0]]: outer, [keyNames[1]]: key, ...flatten(v as JsonObject) });
    } else {
      rows.push({ [keyNames[0]]: outer, ...flatten(value) });
    }
  }
  return rows;
}

/**
 * `listKeys`: where the rows are expected (first found wins), e.g. ['results', 'rows'].
 * `keyNames`: column names for map keys when the rows come as a map.
 */
export function extractRows(
  data: JsonValue,
  origin: string,
  listKeys: readonly string[],
  keyNames: readonly [string, string] = ['name', 'target'],
): ExtractedRows {
  const warnings: string[] = [];
  if (Array.isArray(data)) return { rows: fromList(data, origin, warnings), meta: [], warnings };
  if (!isObject(data)) {
    return { rows: [], meta: [], warnings: [`${origin} must hold a JSON object or array, got ${JSON.stringify(data)}`] };
  }
  const named = listKeys.find((k) => data[k] !== undefined);
  const anyList = Object.keys(data).find((k) => Array.isArray(data[k]) && (data[k] as JsonValue[]).some(isObject));
  const key = named ?? anyList;
  const meta: [string, Cell][] = [];
  for (const [k, v] of Object.entries(data)) {
    if (k === key) continue;
    if (isScalar(v)) meta.push([k, v]);
    else if (isObject(v) && Object.values(v).every(isFlat)) for (const [k2, v2] of Object.entries(v)) meta.push([`${k}.${k2}`, toCell(v2)]);
  }
  if (key !== undefined) {
    const value = data[key] as JsonValue;
    if (Array.isArray(value)) return { rows: fromList(value, `${origin}.${key}`, warnings), meta, warnings, listKey: key };
    if (isObject(value)) return { rows: fromMap(value, keyNames), meta, warnings, listKey: key };
    return { rows: [], meta, warnings: [`${origin}.${key} must be a list or a map of results, got ${JSON.stringify(value)}`] };
  }
  const asMap = fromMap(data, keyNames);
  if (asMap.length > 0) return { rows: asMap, meta: meta.filter(([k]) => !k.includes('.')), warnings };
  return { rows: [], meta, warnings: [`${origin} holds no list of results (looked for ${listKeys.map((k) => `"${k}"`).join(', ')} or any array of objects)`] };
}

/** The first of `aliases` present in the row (scripts name the same quantity differently). */
export function pick(row: FlatRow, aliases: readonly string[]): Cell | undefined {
  for (const a of aliases) if (row[a] !== undefined) return row[a];
  return undefined;
}

/** True for a cell that reports something: a number ≠ 0, a non-empty string or list, true. */
export function isNonZero(cell: Cell | undefined): boolean {
  if (typeof cell === 'number') return cell !== 0;
  if (typeof cell === 'string') return cell !== '' && cell !== '0';
  return cell === true;
}
