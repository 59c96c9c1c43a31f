// Link counters as `ip -s [-s] link show` prints them (iproute2's print_link_stats64): a JSON object, or a table
// whose columns grow to fit the widest number.
import type { Link } from '../../route/messages/link';
import { Printed } from './printer';

type Stats = NonNullable<Link['stats64']>;

const n = (v: number | bigint | undefined): number => (v === undefined ? 0 : Number(v));

export function formatLinkStats(stats: Stats, carrierChanges: number | undefined, level: number): Printed {
  const out = new Printed();
  const rx: Record<string, number> = {
    bytes: n(stats.rxBytes), packets: n(stats.rxPackets), errors: n(stats.rxErrors), dropped: n(stats.rxDropped),
    over_errors: n(stats.rxOverErrors), multicast: n(stats.multicast),
  };
  if (n(stats.rxCompressed)) rx.compressed = n(stats.rxCompressed);
  const tx: Record<string, number> = {
    bytes: n(stats.txBytes), packets: n(stats.txPackets), errors: n(stats.txErrors), dropped: n(stats.txDropped),
    carrier_errors: n(stats.txCarrierErrors), collisions: n(stats.collisions),
  };
  if (n(stats.txCompressed)) tx.compressed = n(stats.txCompressed);
  if (level > 1) {
    Object.assign(rx, {
      length_errors: n(stats.rxLengthErrors), crc_errors: n(stats.rxCrcErrors), frame_errors: n(stats.rxFrameErrors),
      fifo_errors: n(stats.rxFifoErrors), missed_errors: n(stats.rxMissedErrors),
    });
    if (n(stats.rxNohandler)) rx.nohandler = n(stats.rxNohandler);
    if (n(stats.rxOtherhostDropped)) rx.otherhost_dropped = n(stats.rxOtherhostDropped);
    Object.assign(tx, {
      aborted_errors: n(stats.txAbortedErrors), fifo_errors: n(stats.txFifoErrors), window_errors: n(stats.txWindowErrors),
      heartbeat_errors: n(stats.txHeartbeatErrors),
    });
    if (carrierChanges !== undefined) tx.carrier_changes = carrierChanges;
  }
  out.key('stats64', { rx, tx });
  out.say(statsTable(stats, carrierChanges, level));
  return out;
}

/** ip's column layout: minimum widths from the header words, widened by every number printed below them. */
function statsTable(s: Stats, carrierChanges: number | undefined, level: number): string {
  const cols = ['*X errors:'.length, 'packets'.length, 'errors'.length, 'dropped'.length, 'heartbt'.length, 'overrun'.length, 'compressed'.length, 'otherhost'.length];
  const size = (...values: number[]): void => {
    values.forEach((v, i) => (cols[i] = Math.max(cols[i], String(v).length)));
  };
  const rxRow = [n(s.rxBytes), n(s.rxPackets), n(s.rxErrors), n(s.rxDropped), n(s.rxMissedErrors), n(s.multicast), n(s.rxCompressed)];
  const rxErrors = [0, 0, n(s.rxLengthErrors), n(s.rxCrcErrors), n(s.rxFrameErrors), n(s.rxFifoErrors), n(s.rxOverErrors), n(s.rxNohandler), n(s.rxOtherhostDropped)];
  const txRow = [n(s.txBytes), n(s.txPackets), n(s.txErrors), n(s.txDropped), n(s.txCarrierErrors), n(s.collisions), n(s.txCompressed)];
  const txErrors = [0, 0, n(s.txAbortedErrors), n(s.txFifoErrors), n(s.txWindowErrors), n(s.txHeartbeatErrors), carrierChanges ?? 0];
  size(...rxRow);
  if (level > 1) size(...rxErrors.slice(0, 8));
  size(...txRow);
  if (level > 1) size(...txErrors);

  const pad = (text: string | number, width: number): string => String(text).padStart(width);
  const num = (value: number, width: number): string => `${pad(value, width)} `;
  let text = '\n';
  text += `    RX: ${pad('bytes', cols[0] - 4)} ${pad('packets', cols[1])} ${pad('errors', cols[2])} ${pad('dropped', cols[3])} ` +
    `${pad('missed', cols[4])} ${pad('mcast', cols[5])} ${pad(n(s.rxCompressed) ? 'compressed' : '', cols[6])}\n`;
  text += `    ${rxRow.slice(0, 6).map((v, i) => num(v, cols[i])).join('')}${n(s.rxCompressed) ? num(rxRow[6], cols[6]) : ''}`;
  if (level > 1) {
    const nohandler = n(s.rxNohandler);
    const otherhost = n(s.rxOtherhostDropped);
    text += `\n    RX errors:${pad('', cols[0] - 10)} ${pad('length', cols[1])} ${pad('crc', cols[2])} ${pad('frame', cols[3])} ` +
      `${pad('fifo', cols[4])} ${pad('overrun', cols[5])}${nohandler ? ` ${pad('nohandler', cols[6])}` : ''}` +
      `${otherhost ? ` ${pad('otherhost', cols[7])}` : ''}\n`;
    text += `    ${pad('', cols[0])} ${rxErrors.slice(2, 7).map((v, i) => num(v, cols[i + 1])).join('')}` +
      `${nohandler ? num(nohandler, cols[6]) : ''}${otherhost ? num(otherhost, cols[7]) : ''}`;
  }
  text += `\n    TX: ${pad('bytes', cols[0] - 4)} ${pad('packets', cols[1])} ${pad('errors', cols[2])} ${pad('dropped', cols[3])} ` +
    `${pad('carrier', cols[4])} ${pad('collsns', cols[5])} ${pad(n(s.txCompressed) ? 'compressed' : '', cols[6])}\n`;
  text += `    ${txRow.slice(0, 6).map((v, i) => num(v, cols[i])).join('')}${n(s.txCompressed) ? num(txRow[6], cols[6]) : ''}`;
  if (level > 1) {
    text += `\n    TX errors:${pad('', cols[0] - 10)} ${pad('aborted', cols[1])} ${pad('fifo', cols[2])} ${pad('window', cols[3])} ` +
      `${pad('heartbt', cols[4])} ${pad(carrierChanges !== undefined ? 'transns' : '', cols[5])}\n`;
    text += `    ${pad('', cols[0])} ${txErrors.slice(2, 6).map((v, i) => num(v, cols[i + 1])).join('')}` +
      `${carrierChanges !== undefined ? num(carrierChanges, cols[5]) : ''}`;
  }
  return text;
}
