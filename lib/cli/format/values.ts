// The decoded objects carry enums as names and flag sets as arrays of names (numbers where the library has no
// name); ip's output is built from the numbers, so these turn them back using the library's own tables.
// Tables must be module-level constants: the reverse maps are cached per table object, and never dropped.
type NameTable = Record<number, string>;

// A list searched by identity rather than a WeakMap: there are a score of tables, and a listing of 100k routes
// asks four times per route, where the WeakMap lookups stood out in profiles (about 25 ms per 100k here).
const reversedTables: NameTable[] = [];
const reverseMaps: Array<Map<string, number>> = [];

function reverse(names: NameTable): Map<string, number> {
  for (let i = 0; i < reversedTables.length; i++) if (reversedTables[i] === names) return reverseMaps[i];
  const map = new Map(Object.keys(names).map((key) => [names[Number(key)], Number(key)] as [string, number]));
  reversedTables.push(names);
  reverseMaps.push(map);
  return map;
}

/** The number behind an enum value (a name from `names`, or already a number); `fallback` when absent. */
export function codeOf(value: string | number | undefined, names: NameTable, fallback = 0): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  return reverse(names).get(value) ?? fallback;
}

/** The bit mask behind a flag list (names from `names` and raw numeric bits). */
export function bitsOf(value: ReadonlyArray<string | number> | number | undefined, names: NameTable): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value >>> 0;
  const map = reverse(names);
  let bits = 0;
  for (const flag of value) bits |= typeof flag === 'number' ? flag : map.get(flag) ?? 0;
  return bits >>> 0;
}

/** Names for the set bits of `bits`, in the order of `order` (ip's printing order, not bit order). */
export function namesOfBits(bits: number, order: ReadonlyArray<readonly [number, string]>): string[] {
  const names: string[] = [];
  if (bits === 0) return names;
  for (const [bit, name] of order) if ((bits & bit) >>> 0) names.push(name);
  return names;
}
