// The registry of link kinds' typed options: how the options a LinkSpec holds for a kind (`bond: {...}`) become
// that kind's IFLA_INFO_DATA. A kind registers with one entry; user-specs consults the registry.
import { RouteInputError } from './inputs';

/** What an options encoder may ask of the client while it builds IFLA_INFO_DATA. */
export interface KindContext {
  /** The kind of the link being created (options that serve several kinds differ by it: gre and ip6gre). */
  readonly kind: string;
  /** The index of an interface given by name or index (in the namespace the request goes to). */
  ifindex(ref: string | number): Promise<number>;
  /** IFLA_NET_NS_FD / IFLA_NET_NS_PID for a namespace reference (a name must already be open). */
  netns(ref: unknown): { netNsFd?: number; netNsPid?: number };
}

/** One kind's options: the LinkSpec member holding them, the kinds they apply to, and their encoder. */
export interface KindOptions {
  /** The LinkSpec member that holds the options (`'bond'`). */
  readonly option: string;
  /** The link kinds that take them (macvlan options serve macvtap too). */
  readonly kinds: readonly string[];
  /** IFLA_INFO_DATA for the options (undefined: none); throws RouteInputError for bad input. */
  encode(options: unknown, context: KindContext): object | undefined | Promise<object | undefined>;
}

/** A typed registry entry: `encode` receives the member's value as its declared type (checked inside). */
export function kindOptions<T>(
  option: string,
  kinds: readonly string[],
  encode: (options: T, context: KindContext) => object | undefined | Promise<object | undefined>,
): KindOptions {
  return {
    option,
    kinds,
    encode(options, context) {
      if (typeof options !== 'object' || options === null) throw new RouteInputError(`'${option}' options are an object, got ${JSON.stringify(options)}`);
      return encode(options as T, context);
    },
  };
}

/** Copies the fields that are defined, so the encoder never sees `undefined` members. */
export function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** A boolean switch as the kernel's u8 (undefined stays undefined). */
export function flag(value: boolean | undefined): number | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}

/** A name from a closed list, or a RouteInputError naming the list. */
export function oneOf<T extends string>(what: string, value: unknown, names: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(names as readonly string[]).includes(value)) {
    throw new RouteInputError(`${what}: ${JSON.stringify(value)} is not one of ${names.join(', ')}`);
  }
  return value as T;
}

/** An integer in [min, max], or a RouteInputError. */
export function integer(what: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RouteInputError(`${what}: ${JSON.stringify(value)} is not an integer from ${min} to ${max}`);
  }
  return value;
}

/** A boolean, or a RouteInputError. */
export function boolean(what: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new RouteInputError(`${what}: ${JSON.stringify(value)} is not true or false`);
}
