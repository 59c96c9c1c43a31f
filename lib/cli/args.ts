// Argument reading with iproute2's conventions: keywords may be abbreviated to any prefix (`ip r s t 100`), the
// first keyword in a command's own order wins, and numbers accept decimal or 0x-prefixed hex.
import type { GlobalOptions } from './options';

/**
 * A command line the tool cannot act on; printed to stderr. The exit status is ip's for the same mistake: 1 for
 * most, 255 where ip calls exit(-1) (a garbage or invalid argument, an incomplete command line).
 */
export class UsageError extends Error {
  readonly code = 'ERR_CLI_USAGE';
  constructor(
    message: string,
    /** The process exit status ip gives for this mistake. */
    readonly status: number = 1,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** ip's NEXT_ARG failure: a keyword without its value (`via` at the end of the line). */
export function incomplete(): UsageError {
  return new UsageError('Command line is not complete. Try option "help"', 255);
}

/** ip's duparg2: a word repeated or not understood where a keyword (`to`, `dev`, `local`) is the default. */
export function garbage(keyword: string, word: string): UsageError {
  return new UsageError(`Error: either "${keyword}" is duplicate, or "${word}" is a garbage.`, 255);
}

/** ip's invarg: a keyword's value it cannot read. `why` is ip's text, with its trailing newline where ip has one. */
export function invalidArgument(word: string, why: string): UsageError {
  return new UsageError(`Error: argument "${word}" is wrong: ${why}`, 255);
}

/** A name a write command needs that has no device (`Cannot find device "x"`, exit 1, as ip). */
export class CannotFindDeviceError extends UsageError {
  constructor(name: string) {
    super(`Cannot find device "${name}"`, 1);
    this.name = 'CannotFindDeviceError';
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
  /** -batch FILE: the commands to run, one a line ("-" for standard input). */
  batch?: string;
  /** -force: a batch goes on after a line fails. */
  force?: boolean;
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

  /** How many words have been taken. */
  get position(): number {
    return this.index;
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

  /** The value after a keyword, as ip's NEXT_ARG takes it: ip's "not complete" error when the line ends. */
  need(): string {
    const value = this.args[this.index++];
    if (value === undefined) throw incomplete();
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

/** The usage error for a command an object does not have (ip's words and exit status). */
export function unknownCommand(word: string, object: string): UsageError {
  return new UsageError(`Command "${word}" is unknown, try "linux-netlink ${object} help".`, 255);
}
