// Loading on first use: a family's costly modules (message tables, generated decoders) load the first time one of
// their names is read, so a program pays only for what it touches.

/** A module loaded the first time it is needed, then kept. */
export function onFirstUse<T>(load: () => T): () => T {
  let module: T | undefined;
  return () => (module ??= load());
}

/**
 * Defines `names` on `target` (a module's exports) as enumerable getters of the same names of the module `load`
 * returns, loaded the first time one of them is read; with `namespace`, also a getter of the module itself.
 */
export function exportOnFirstUse(target: object, load: () => Record<string, unknown>, names: readonly string[], namespace?: string): void {
  // Kept once loaded: a getter read in a loop should not go through require()'s path resolution every time.
  const module = onFirstUse(load);
  if (namespace !== undefined) Object.defineProperty(target, namespace, { enumerable: true, get: module });
  for (const name of names) Object.defineProperty(target, name, { enumerable: true, get: () => module()[name] });
}

/** The list `L` when it names every value of module `M` and nothing else; otherwise a type naming what is missing. */
export type AllOf<M, L extends ReadonlyArray<keyof M>> = Exclude<keyof M, L[number]> extends never ? L : { missing: Exclude<keyof M, L[number]> };

/**
 * Every value name of module `M`, listed by hand for exportOnFirstUse: `namesOf<typeof Kind>()(['a', 'b'])` does
 * not compile when the list misses a name of the module or names one it lacks.
 */
export const namesOf =
  <M>() =>
  <const L extends ReadonlyArray<keyof M>>(list: L & AllOf<M, L>): readonly string[] =>
    list as readonly string[];
