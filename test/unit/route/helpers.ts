// Comparison helpers for decoded messages: decoded objects carry symbol-keyed wire bookkeeping that expected
// objects written by hand do not.

/** A deep copy with only string keys (symbol-keyed bookkeeping removed), for deep.equal against literals. */
export function plain(value: unknown): any {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key]);
  return out;
}

/** Pick the listed top-level fields of a decoded object (plain). */
export function pick(value: any, keys: string[]): any {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (value[k] !== undefined) out[k] = plain(value[k]);
  return out;
}
