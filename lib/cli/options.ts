// What every `linux-netlink` subcommand receives once the global options have been parsed.
export interface GlobalOptions {
  /** -n / --netns NAME: run inside /run/netns/NAME. */
  netns?: string;
  /** -j / --json: machine-readable output (field names as iproute2's `ip -j -d` where an equivalent exists). */
  json: boolean;
  /** -d / --details */
  details: boolean;
  /** Where output goes; tests pass their own streams. */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Ends a streaming command (monitor) cleanly: Ctrl-C in the real CLI, a test's controller otherwise. */
  signal?: AbortSignal;
}

/** A subcommand module (lib/cli/<object>.ts) exports `run`; it resolves to the process exit code. */
export type CommandRunner = (args: string[], options: GlobalOptions) => Promise<number>;
