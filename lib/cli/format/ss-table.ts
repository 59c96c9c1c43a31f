// ss's column layout, as iproute2's ss renders it (misc/ss.c render_calc_width and render): every cell of every
// line is gathered first, each column is as wide as its widest cell plus its delimiter, "Local Address:" and
// "Peer Address:" are aligned right, the rest left (padded with spaces, the last column too). Output that is not
// a terminal gets this compact form; on a terminal ss spreads the spare width of the screen between columns.

/** The columns of an ss line, in order. */
export enum Column {
  Netid,
  State,
  RecvQ,
  SendQ,
  Address,
  Port,
  PeerAddress,
  PeerPort,
  Ext,
  Process,
}

interface ColumnSpec {
  header: string;
  right: boolean;
  delimiter: string;
}

const COLUMNS: readonly ColumnSpec[] = [
  { header: 'Netid', right: false, delimiter: '' },
  { header: 'State', right: false, delimiter: ' ' },
  { header: 'Recv-Q', right: false, delimiter: ' ' },
  { header: 'Send-Q', right: false, delimiter: ' ' },
  { header: 'Local Address:', right: true, delimiter: ' ' },
  { header: 'Port', right: false, delimiter: '' },
  { header: 'Peer Address:', right: true, delimiter: ' ' },
  { header: 'Port', right: false, delimiter: '' },
  // ss heads the column of extended details (users:, -e, -m, -i) "Process".
  { header: 'Process', right: false, delimiter: '' },
  { header: '', right: false, delimiter: '' },
];

/** One socket's cells, indexed by Column (missing cells are empty). */
export type Cells = string[];

/** Gathers lines, then lays them out as ss does. */
export class SsTable {
  private readonly rows: Cells[] = [];
  private readonly enabled: boolean[];
  private readonly header: boolean;

  /** `netid`/`state`: whether those columns show (ss hides Netid for one kind of socket, State for one state). */
  constructor(options: { netid: boolean; state: boolean; header: boolean }) {
    this.enabled = COLUMNS.map((_, i) => (i === Column.Netid ? options.netid : i === Column.State ? options.state : true));
    this.header = options.header;
    if (options.header) this.rows.push(COLUMNS.map((c) => c.header));
  }

  /** Adds a line; returns its index for replace(). */
  add(cells: Cells): number {
    return this.rows.push(cells) - 1;
  }

  /** Replaces a line added before. */
  replace(index: number, cells: Cells): void {
    this.rows[index] = cells;
  }

  /** The lines, each ending in '\n', as bytes. */
  render(): Buffer {
    const columns = COLUMNS.map((_, i) => i).filter((i) => this.enabled[i]);
    const max = new Array<number>(COLUMNS.length).fill(0);
    // ss measures a cell when it moves past it: the last line's final cells (from Ext on) are never measured,
    // so a long Ext on the last line does not widen the column. A lone header line is measured whole.
    const last = this.rows.length - 1;
    const lastIsData = last >= (this.header ? 1 : 0);
    this.rows.forEach((row, r) => {
      for (const i of columns) {
        if (lastIsData && r === last && i >= Column.Ext) continue;
        const cell = row[i];
        if (cell === undefined) continue;
        const n = MAY_BE_UNICODE[i] ? byteLength(cell) : cell.length;
        if (n > max[i]) max[i] = n;
      }
    });
    const width = new Array<number>(COLUMNS.length).fill(0);
    let first = true;
    for (const i of columns) {
      width[i] = !first && max[i] > 0 ? max[i] + COLUMNS[i].delimiter.length : max[i];
      if (width[i] > 0) first = false;
    }
    // Written straight into one buffer: a string per line built from a dozen pieces costs more in the garbage
    // collector than the rest of a 100,000-socket listing.
    const lengths = new Array<number>(COLUMNS.length).fill(0);
    const offsets = new Array<number>(COLUMNS.length).fill(0);
    let total = 0;
    for (const row of this.rows) total += layLine(row, columns, width, lengths, offsets) + 1;
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (const row of this.rows) {
      const lineEnd = at + layLine(row, columns, width, lengths, offsets);
      out.fill(0x20, at, lineEnd); // padding and delimiters are spaces
      for (const i of columns) if (lengths[i] > 0) out.write(row[i], at + offsets[i], lengths[i], MAY_BE_UNICODE[i] ? 'utf8' : 'latin1');
      at = lineEnd;
      out[at++] = 0x0a;
    }
    return out;
  }
}

/**
 * Lays a line out as ss's render() does: for each column, its cell's byte length (`lengths`) and where its text
 * starts (`offsets`); returns the line's length. A left-aligned cell is padded to its column's width, a
 * right-aligned one is preceded by the padding; the first column of a line prints no delimiter.
 */
function layLine(row: Cells, columns: number[], width: number[], lengths: number[], offsets: number[]): number {
  let printed = 0;
  let started = false;
  for (const i of columns) {
    const spec = COLUMNS[i];
    const text = row[i] ?? '';
    const cellStart = printed;
    if (started) printed += spec.delimiter.length;
    started = true;
    const length = MAY_BE_UNICODE[i] ? byteLength(text) : text.length;
    lengths[i] = length;
    if (width[i] > 0 && spec.right) {
      const pad = width[i] - length - (printed - cellStart);
      if (pad > 0) printed += pad;
    }
    offsets[i] = printed;
    printed += length;
    if (width[i] > 0 && !spec.right && width[i] - (printed - cellStart) > 0) printed = cellStart + width[i];
  }
  return printed;
}

// Names (unix paths, process names, interface names) may hold any character; the other cells are ASCII.
const MAY_BE_UNICODE: readonly boolean[] = COLUMNS.map((_, i) => i === Column.Address || i === Column.Port || i === Column.Ext);

function byteLength(text: string): number {
  // ss measures bytes (strlen); ASCII is the common case.
  return /^[\x00-\x7f]*$/.test(text) ? text.length : Buffer.byteLength(text);
}
