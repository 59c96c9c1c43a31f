// `linux-netlink -batch FILE [-force]`: one command a line, as `ip -batch` runs them: one socket for the whole file,
// a failed line reported as `Command failed FILE:N`, the rest skipped unless -force; exit status 1 if any failed.
// A mistake ip punishes with exit(-1) (a garbage or missing argument) ends the batch at once with 255, as in ip.
import { readFileSync } from 'fs';
import { RouteClient } from '../route/client';
import { UsageError, type CliOptions } from './args';
import { DeviceIndexes, type SessionOptions, type WriteSession } from './session';
import { RouteTemplates, type RouteWrite } from './route-templates';
import { strerror } from './strerror';

/** Runs one command line's words; resolves to its exit status. */
export type CommandLineRunner = (words: readonly string[], options: CliOptions) => Promise<number>;

/** Prints an error as ip does and returns its exit status. */
export type ErrorReporter = (err: unknown, stderr: NodeJS.WritableStream) => number;

/**
 * Splits a batch line into words as ip's makeargs does: blanks separate, "double" or 'single' quotes keep blanks
 * inside one word, and `#` at the start of a word begins a comment.
 */
export function splitBatchLine(line: string): string[] {
  // Most lines have neither quotes nor comments: a plain split serves them (a batch may be 100,000 lines).
  if (!/["'#]/.test(line)) {
    const plain = line.split(BLANKS);
    if (plain[0] === '') plain.shift();
    if (plain.length > 0 && plain[plain.length - 1] === '') plain.pop();
    return plain;
  }
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r')) i++;
    if (i >= n || line[i] === '#') break;
    let word = '';
    while (i < n && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '\r') {
      const c = line[i];
      if (c === '"' || c === "'") {
        const end = line.indexOf(c, i + 1);
        if (end === -1) throw new UsageError('Unterminated quoted string', 1);
        word += line.slice(i + 1, end);
        i = end + 1;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

const BLANKS = /[ \t\r]+/;

function readBatch(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).errno;
    throw new UsageError(`Cannot open file "${file}" for reading: ${strerror(typeof errno === 'number' ? errno : 0)}`, 1);
  }
}

/** The route write a line's second word names, spelled in full (abbreviations take the command's own path). */
function routeWriteOf(word: string): RouteWrite | undefined {
  switch (word) {
    case 'add':
    case 'replace':
    case 'append':
      return word;
    case 'delete':
    case 'del':
      return 'del';
    default:
      return undefined;
  }
}

/** Runs every line of `file`; resolves to ip's exit status for the batch. */
export async function runBatch(file: string, options: CliOptions, runLine: CommandLineRunner, report: ErrorReporter): Promise<number> {
  const text = readBatch(file);
  const client = RouteClient.open(options.netns === undefined ? {} : { netns: options.netns });
  const session: WriteSession = { client, devices: new DeviceIndexes(client), routes: new RouteTemplates() };
  const lineOptions: SessionOptions = { ...options, batch: undefined, session };
  let failed = false;
  try {
    let start = 0;
    for (let number = 1; start < text.length; number++) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      let status: number;
      try {
        const words = splitBatchLine(line);
        if (words.length === 0) continue;
        // A route line shaped like an earlier one goes out as that one's request, without the command's dispatch
        // (it would reach the same request: see route-templates.ts); its errors are reported as the command's.
        const command = words[0] === 'route' ? routeWriteOf(words[1]) : undefined;
        const known = command === undefined ? undefined : session.routes.match(command, words, options.family, 2);
        if (known !== undefined) {
          await client.connection.requestAck(known.type, known.payload, { flags: known.flags });
          status = 0;
        } else {
          status = await runLine(words, lineOptions);
        }
      } catch (err) {
        status = report(err, options.stderr);
        if (status === 255) return 255;
      }
      if (status !== 0) {
        options.stderr.write(`Command failed ${file}:${number}\n`);
        failed = true;
        if (!options.force) return 1;
      }
    }
    return failed ? 1 : 0;
  } finally {
    client.close();
  }
}
