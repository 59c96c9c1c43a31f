// Errors generic netlink adds to the core's: a family, operation or group this kernel does not have.

/** A generic netlink family that is not registered in the kernel (its module is absent or not loaded). */
export class FamilyNotFoundError extends Error {
  /** As the controller answers: ENOENT. */
  readonly code = 'ENOENT';
  /** ENOENT's number, as Node's system errors carry it. */
  readonly errno = 2;
  /** Where the error came from, as Node's system errors say it. */
  readonly syscall = 'netlink';
  /** The name asked for. */
  readonly family: string;
  /** The families this kernel has, when they could be listed. */
  readonly known: string[];

  /** The family asked for and the names this kernel has (empty when they could not be listed). */
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
  /** A stable code to test for, as Node's own errors carry one. */
  readonly code = 'ERR_NETLINK_UNKNOWN_NAME';
  /** The names the family does have, for a hint or a retry. */
  readonly known: string[];

  /** `what` names where the name was looked up ("family 'ethtool'"), for the message. */
  constructor(what: string, name: string, known: string[]) {
    super(`${what} has no '${name}' (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownNameError';
    this.known = known;
  }
}
