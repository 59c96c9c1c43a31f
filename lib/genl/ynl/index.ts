// Families compiled from the kernel's netlink specs: typed clients (ethtool, netdev, mptcp_pm, ...), the
// description model, and loadSpec() for a spec file a user brings.
/**
 * The kernel's YNL netlink specs (Documentation/netlink/specs) made into typed clients (ethtool, netdev, mptcp_pm,
 * ...; generic or raw netlink), the description model they are compiled from, and loadSpec() for a spec file of
 * your own.
 * @module
 */
import { FAMILY_MODULES, FamilyModules, LOADERS } from './generated';
import { FamilyClient, FamilyClientOptions } from './client';
import { UnknownNameError } from '../errors';
import type { FamilyDescription } from './description';

export { FamilyClient } from './client';
export type { FamilyClientOptions, OperationOptions, FamilyEvent, Decoded } from './client';
export { CompiledFamily, camelCase } from './compiled';
export type { MessageLayout } from './compiled';
export { describeFamily, SpecError } from './description';
export type {
  FamilyDescription,
  AttributeDescription,
  ChecksDescription,
  MessageDescription,
  AttributeSetDescription,
  OperationDescription,
  StructDescription,
  MemberDescription,
  EnumDescription,
  SubMessageFormat,
  SpecProtocol,
} from './description';
export { loadSpec } from './load';
export { bitfield32 } from './codecs';
export { toSpecNames, fromSpecNames, ynlJson } from './spec-names';
export type { Bitfield32 } from './codecs';
export { FAMILY_MODULES } from './generated';
export type { FamilyModules } from './generated';

/** A compiled family's module (description, types, client class, `open`), loaded on first use. */
export function familyModule<K extends keyof FamilyModules>(module: K): FamilyModules[K] {
  const load = LOADERS[module];
  if (load === undefined) throw new UnknownNameError('the compiled specs', String(module), Object.keys(LOADERS));
  return load() as FamilyModules[K];
}

/** The description of a family the package compiled, by its spec name ('ethtool', 'rt-link'). */
export function familyDescription(name: string): FamilyDescription {
  const module = FAMILY_MODULES[name];
  if (module === undefined) throw new UnknownNameError('the compiled specs', name, Object.keys(FAMILY_MODULES));
  return familyModule(module as keyof FamilyModules).description;
}

/** Opens an untyped client for a compiled family by spec name; the typed one is `ynl.families.ethtool.open()` etc. */
export function openFamily(name: string, options?: FamilyClientOptions): FamilyClient {
  return new FamilyClient(familyDescription(name), options);
}

/** The typed modules, loaded when first read: `ynl.ethtool.open()`, `ynl.netdev.open()`, ... */
export const families: FamilyModules = Object.defineProperties(
  {},
  Object.fromEntries(
    Object.values(FAMILY_MODULES).map((m) => [m, { enumerable: true, get: () => familyModule(m as keyof FamilyModules) }]),
  ),
) as FamilyModules;
export type * from './generated/types';
