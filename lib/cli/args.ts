// Argument reading with iproute2's conventions: keywords may be abbreviated to any prefix (`ip r s t 100`), the
// first keyword in a command's own order wins, and numbers accept decimal or 0x-prefixed hex.
import type { GlobalOptions } from './options';

/** A command line the tool cannot act on; printed to stderr with exit code 1. */
export class UsageError extends Error {
  readonly code = 'ERR_CLI_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The address family chosen by `-4`, `-6` or `-f inet|inet6`. */
export type FamilyOption = 'inet' | 'inet6';

/**
 * What the subcommands receive: the contract's GlobalOptions plus the family selector, which `ip` also takes
 * before the object (`ip -6 route`). Commands read it through `familyOf()` so a plain GlobalOptions still works.
 */
export interface CliOptions extends GlobalOptions {
  family?: FamilyOption;
  /** -s, given once or more (ip's show_stats level). */
  stats?: number;
}

export function familyOf(options: GlobalOptions): FamilyOption | undefined {
  return (options as CliOptions).family;
}

export function statsLevel(options: GlobalOptions): number {
  return (options as CliOptions).stats ?? 0;
}

/** True when `word` is a non-empty prefix of `keyword`, as iproute2's matches() decides. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && word.length <= keyword.length && keyword.startsWith(word);
}

/** The first of `keywords` (in the given order) that `word` abbreviates, or undefined. */
export function pickKeyword<K extends string>(word: string, keywords: readonly K[]): K | undefined {
  return keywords.find((keyword) => matches(word, keyword));
}

/** Walks a command's arguments left to right. */
export class ArgReader {
  private index = 0;

  constructor(private readonly args: readonly string[]) {}

  get done(): boolean {
    return this.index >= this.args.length;
  }

  peek(): string | undefined {
    return this.args[this.index];
  }

  next(): string | undefined {
    return this.args[this.index++];
  }

  /** The value that must follow a keyword (`table 100`); a usage error names the keyword when it is missing. */
  value(keyword: string): string {
    const value = this.args[this.index++];
    if (value === undefined) throw new UsageError(`"${keyword}" needs an argument`);
    return value;
  }

  rest(): string[] {
    const rest = this.args.slice(this.index);
    this.index = this.args.length;
    return rest;
  }
}

/** An unsigned 32-bit number written in decimal or 0x hex (`mark 0x10`). */
export function parseU32(text: string, what: string): number {
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > 0xffffffff) throw new UsageError(`invalid ${what} "${text}"`);
  return value;
}

/** True when the arguments ask for help anywhere (`route get help`, `link --help`). */
export function wantsHelp(args: readonly string[]): boolean {
  return args.some((arg) => arg === 'help' || arg === '--help' || arg === '-h' || arg === '-help');
}

const IP_WRITE_COMMANDS = ['add', 'delete', 'del', 'change', 'replace', 'append', 'prepend', 'set', 'flush', 'save', 'restore'];

/** The usage error for a command an object does not have; ip's write commands get a pointer to the library. */
export function unknownCommand(word: string, object: string): UsageError {
  if (IP_WRITE_COMMANDS.includes(word)) {
    return new UsageError(`Command "${word}" is not supported: linux-netlink ${object} only reads (make changes with ip or the library's RouteClient).`);
  }
  return new UsageError(`Command "${word}" is unknown, try "linux-netlink ${object} help".`);
}
