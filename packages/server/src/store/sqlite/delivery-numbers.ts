/**
 * On the embedded store a delivery's key is a number (`deliveries.id`, its rowid, never reused:
 * AUTOINCREMENT), and its public id follows from the row: `dlv_`, its creation time as every id spells
 * it (10 Crockford base32 digits of milliseconds), then its number in 16 hexadecimal digits (a subset of
 * the same alphabet). Ids made before migration 017, and ids a caller gives (the Tester's), are kept as
 * given in `given_id`. Public ids of one millisecond sort by number, and the number follows creation, so
 * "greatest id first" is "newest first" as before. The generated column `public_id` spells it in SQL;
 * `numberInDeliveryId` reads it back, and the `deliveryNamed` and `DELIVERIES_NAMED` conditions find rows by public id on the
 * primary key or `deliveries_given_id`, never by scanning.
 */

const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_DIGITS = 10;
const NUMBER_DIGITS = 16;
const PREFIX = "dlv_";
const DERIVED_LENGTH = PREFIX.length + TIME_DIGITS + NUMBER_DIGITS;

function base32DigitsSql(column: string): string {
  const digits: string[] = [];
  for (let i = TIME_DIGITS - 1; i >= 0; i--)
    digits.push(`substr('${BASE32}', ((${column} >> ${5 * i}) & 31) + 1, 1)`);
  return digits.join(" || ");
}

/** The expression of `deliveries.public_id`, on the columns of one row. */
export const PUBLIC_ID_SQL = `coalesce(given_id, '${PREFIX}' || ${base32DigitsSql("created_at")} || printf('%0${NUMBER_DIGITS}X', id))`;

/**
 * The number a derived public id spells, or null when it spells none (not the shape, or too big to be
 * one): a given id may still match `given_id`.
 */
export function numberInDeliveryId(id: string): number | null {
  if (id.length !== DERIVED_LENGTH || !id.startsWith(PREFIX)) return null;
  const hex = id.slice(PREFIX.length + TIME_DIGITS);
  if (!/^[0-9A-F]+$/.test(hex)) return null;
  const number = Number.parseInt(hex, 16);
  return Number.isSafeInteger(number) ? number : null;
}

const column = (alias: string | undefined, name: string) => (alias === undefined ? name : `${alias}.${name}`);

/**
 * The latest creation time of a delivery whose public id sorts before `id` (a listing's cursor, any
 * string): the time its id spells, which bounds the index by time; no bound when it spells none.
 */
export function latestTimeBefore(id: string): number {
  if (!id.startsWith(PREFIX)) return id < PREFIX ? -1 : Number.MAX_SAFE_INTEGER;
  let time = 0;
  for (const char of id.slice(PREFIX.length, PREFIX.length + TIME_DIGITS)) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) return Number.MAX_SAFE_INTEGER;
    time = time * 32 + digit;
  }
  return id.length < PREFIX.length + TIME_DIGITS ? Number.MAX_SAFE_INTEGER : time;
}

/** Rows whose public id is `@id` (at most one): bind `namedById(id)`. `alias`: the table's, if any. */
export function deliveryNamed(alias?: string): string {
  const [id, given, spelled] = ["id", "given_id", "public_id"].map((name) => column(alias, name));
  return `(${id} = @number OR ${given} = @id) AND ${spelled} = @id`;
}

export function namedById(id: string): { number: number | null; id: string } {
  return { number: numberInDeliveryId(id), id };
}

/**
 * Rows that may have their public id in the list (by their number or as given): bind `namedByIds(ids)`
 * and keep the rows `namedRows` keeps. A read checks the ids in JS: in SQL each row's public id would
 * be spelled twice and looked up in the list.
 */
export const DELIVERIES_MAYBE_NAMED = `(id IN (SELECT value FROM json_each(@numbers)) OR given_id IN (SELECT value FROM json_each(@ids)))`;

/** Rows whose public ids are in the list, for a write: bind `namedByIds(ids)`. */
export const DELIVERIES_NAMED = `${DELIVERIES_MAYBE_NAMED}
  AND public_id IN (SELECT value FROM json_each(@ids))`;

/** The rows read with `DELIVERIES_MAYBE_NAMED` whose public id (`id`) is in the list. */
export function namedRows<Row extends { readonly id: string }>(
  rows: readonly Row[],
  ids: readonly string[],
): Row[] {
  const wanted = new Set(ids);
  return rows.filter((row) => wanted.has(row.id));
}

export function namedByIds(ids: readonly string[]): { numbers: string; ids: string } {
  const numbers = ids.map(numberInDeliveryId).filter((n) => n !== null);
  return { numbers: JSON.stringify(numbers), ids: JSON.stringify(ids) };
}
