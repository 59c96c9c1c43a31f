// Attribute ids as named constants, derived from the attribute set that describes them: the set is the one place
// an id is written, and code that builds a request by hand (a dump filter) or a user who reads raw attributes
// names them through this.
import type { AttributeSet, FieldDefs } from '../spec';

/**
 * The ids of a set shaped as a TypeScript `enum` of them is: each field's name capitalized → its id (`Ifname: 3`
 * for the field `ifname`), each id → that name, plus `extra` (ids the set does not describe, or an older name).
 */
export type AttributeIds<F extends FieldDefs, X extends Record<string, number> = {}> = {
  readonly [K in keyof F & string as Capitalize<K>]: F[K]['id'];
} & { readonly [K in keyof X]: X[K] } & { readonly [id: number]: string };

/** The ids an AttributeIds object holds, as a type (what the `enum`'s own type was). */
export type AttributeId<T> = Extract<T[Exclude<keyof T, number>], number>;

/**
 * The ids of `set` as an object shaped like a TypeScript `enum` (see AttributeIds), frozen. As in an enum, an id
 * given two names is named by the later one in the reverse entries (`extra`'s, after the set's).
 */
export function attributeIds<F extends FieldDefs, const X extends Record<string, number> = {}>(set: AttributeSet<F>, extra?: X): AttributeIds<F, X> {
  const ids: Record<string | number, string | number> = {};
  const add = (name: string, id: number) => {
    ids[name] = id;
    ids[id] = name;
  };
  for (const [field, def] of Object.entries(set.fields)) add(field[0].toUpperCase() + field.slice(1), def.id);
  for (const [name, id] of Object.entries(extra ?? {})) add(name, id);
  return Object.freeze(ids) as unknown as AttributeIds<F, X>;
}
