// LINUX_NETLINK_DEBUG=1 prints every message sent and received: its header fields, readable, then its bytes in hex.
import { MessageFlags, MessageType } from './constants';
import { splitMessages } from './header';

export const debugEnabled = /^(1|true|yes|on)$/i.test(process.env.LINUX_NETLINK_DEBUG ?? '');

function flagNames(flags: number): string {
  const names = Object.entries(MessageFlags)
    .filter(([, v]) => typeof v === 'number' && (flags & (v as number)) !== 0)
    .map(([k]) => k.toUpperCase());
  const rest = flags & 0xff00;
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names.join('|') || '0';
}

function hex(buf: Buffer): string {
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i += 16) {
    lines.push(`    ${i.toString(16).padStart(4, '0')}  ${buf.subarray(i, i + 16).toString('hex').replace(/(..)/g, '$1 ').trim()}`);
  }
  return lines.join('\n');
}

/** Writes one line per message in `datagram` (and its hex) to stderr. */
export function debugDatagram(
  direction: 'send' | 'recv',
  protocol: number,
  datagram: Buffer,
  typeName: (type: number) => string | undefined,
  sender?: { portId: number; groups: number; group?: number },
): void {
  const { messages, error } = splitMessages(datagram);
  const from = sender ? ` from port ${sender.portId}${sender.group ? ` group ${sender.group}` : ''}` : '';
  for (const m of messages) {
    const name = typeName(m.type) ?? MessageType[m.type] ?? String(m.type);
    process.stderr.write(
      `[netlink ${protocol} ${direction}${from}] type=${name}(${m.type}) flags=${flagNames(m.flags)} seq=${m.seq} ` +
        `port=${m.portId} len=${m.payload.length + 16}\n${hex(m.payload)}\n`,
    );
  }
  if (error || messages.length === 0) {
    process.stderr.write(`[netlink ${protocol} ${direction}${from}] ${datagram.length} bytes${error ? ` (${error.message})` : ''}\n${hex(datagram)}\n`);
  }
}
