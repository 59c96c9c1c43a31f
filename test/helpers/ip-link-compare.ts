// The CLI's `-d link show` output of decoded links against iproute2's for the same links: JSON object by object
// (`ip -j -d link show`) and text block by block (`ip -d link show`), for the links named.
import type { Link } from '../../lib/route';
import { formatLink } from '../../lib/cli/format/link';
import { interfaceFlags, interfaceNames } from '../../lib/cli/session';
import { differences } from '../kernel/cli/compare';

/** ip's text output cut into one block per link, by name (a block starts at "N: name[@lower]:"). */
export function ipTextBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of text.split(/^(?=\d+: )/m)) {
    const m = /^\d+: ([^:@\s]+)/.exec(block);
    if (m) blocks.set(m[1], block.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd());
  }
  return blocks;
}

/** Every difference between our -d output and ip's for the links named (an empty list when they agree). */
export function linkDifferences(links: readonly Link[], ipJson: ReadonlyArray<{ ifname: string }>, ipText: string, names: readonly string[]): string[] {
  const context = { details: true, names: interfaceNames(links), flags: interfaceFlags(links) };
  const blocks = ipTextBlocks(ipText);
  const problems: string[] = [];
  for (const name of names) {
    const link = links.find((l) => l.ifname === name);
    const theirs = ipJson.find((l) => l.ifname === name);
    if (link === undefined || theirs === undefined) {
      problems.push(`${name}: ${link === undefined ? 'we' : 'ip'} did not list it`);
      continue;
    }
    const printed = formatLink(link, context, { linkObject: true });
    problems.push(...differences(printed.json, theirs).map((d) => `${name} JSON: ${d}`));
    const text = printed.text.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();
    if (text !== blocks.get(name)) problems.push(`${name} text:\n  ours: ${JSON.stringify(text)}\n  ip:   ${JSON.stringify(blocks.get(name))}`);
  }
  return problems;
}
