// Errors generic netlink adds to the core's: a family, operation or group this kernel does not have.

/** A generic netlink family that is not registered in the kernel (its module is absent or not loaded). */
export class FamilyNotFoundError extends Error {
  /** As the controller answers: ENOENT. */
  readonly code = 'ENOENT';
  readonly errno = 2;
  readonly syscall = 'netlink';
  /** The name asked for. */
  readonly family: string;
  /** The families this kernel has, when they could be listed. */
  readonly known: string[];

  constructor(family: string, known: string[]) {
    const hint = known.length ? ` (this kernel has: ${known.join(', ')})` : '';
    super(`generic netlink family '${family}' is not registered in this kernel${hint}`);
    this.name = 'FamilyNotFoundError';
    this.family = family;
    this.known = known;
  }
}

/** A name (multicast group, operation) the family does not have; `known` lists the ones it has. */
export class UnknownNameError extends Error {
  readonly code = 'ERR_NETLINK_UNKNOWN_NAME';
  readonly known: string[];

  constructor(what: string, name: string, known: string[]) {
    super(`${what} has no '${name}' (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownNameError';
    this.known = known;
  }
}
