// The decoded objects carry enums as names and flag sets as arrays of names (numbers where the library has no
// name); ip's output is built from the numbers, so these turn them back using the library's own tables.
// Tables must be module-level constants: the reverse maps are cached per table object.
type NameTable = Record<number, string>;

const reverseTables = new WeakMap<NameTable, Map<string, number>>();

function reverse(names: NameTable): Map<string, number> {
  let map = reverseTables.get(names);
  if (map === undefined) {
    map = new Map(Object.keys(names).map((key) => [names[Number(key)], Number(key)] as [string, number]));
    reverseTables.set(names, map);
  }
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
  for (const [bit, name] of order) if ((bits & bit) >>> 0) names.push(name);
  return names;
}
