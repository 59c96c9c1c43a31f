// ss's column layout, as iproute2's ss renders it (misc/ss.c out, field_flush, render_calc_width and render): the
// cells of each line are kept as length-prefixed tokens in 1 MiB chunks, each column measured as a cell is
// finished, and every fifth chunk the lines so far are laid out and written, each column as wide as its widest
// cell yet plus its delimiter ("Local Address:" and "Peer Address:" aligned right, the rest left, padded with
// spaces, the last column too). Keeping ss's chunks keeps its pieces: a long listing's widths grow piece by piece
// exactly as ss's do. Output that is not a terminal gets this compact form; on a terminal ss spreads the spare
// width of the screen between columns.

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

// ss's BUF_CHUNK (its first 16 bytes are the chunk's two pointers) and BUF_CHUNKS_MAX.
const CHUNK_SIZE = 1024 * 1024;
const CHUNK_DATA = CHUNK_SIZE - 16;
const CHUNKS_PER_PIECE = 5;
const TOKEN_MAX = 0xffff;

// Names (unix paths, process names, interface names) may hold any character; the other cells are ASCII.
const MAY_BE_UNICODE: readonly boolean[] = COLUMNS.map((_, i) => i === Column.Address || i === Column.Port || i === Column.Ext);

/** Lays lines out as ss does, handing each finished piece of output (bytes, lines ending in '\n') to `write`. */
export class SsTable {
  private readonly enabled: boolean[];
  /** The widest cell of each column so far: like ss's, never reset between pieces. */
  private readonly maxLength = new Array<number>(COLUMNS.length).fill(0);
  private readonly chunks: Buffer[] = [];
  /** Where the tokens of each chunk but the last end. */
  private readonly ends: number[] = [];
  private readonly spare: Buffer[] = [];
  /** The open token: its offset in the last chunk and its length so far. */
  private token = 0;
  private length = 0;
  private tokens = 0;
  /** The column whose token is still open after a line (ss flushes it when the next line starts). */
  private open: Column.Ext | Column.Process | undefined;

  /** `netid`/`state`: whether those columns show (ss hides Netid for one kind of socket, State for one state). */
  constructor(
    options: { netid: boolean; state: boolean; header: boolean },
    private readonly write: (piece: Buffer) => void,
  ) {
    this.enabled = COLUMNS.map((_, i) => (i === Column.Netid ? options.netid : i === Column.State ? options.state : true));
    if (options.header) {
      for (let i = 0; i < Column.Process; i++) {
        this.out(i, COLUMNS[i].header);
        this.flush(i);
      }
      this.open = Column.Process;
    }
  }

  /** Adds a socket's line. */
  add(cells: Cells): void {
    this.startLine();
    for (let i = 0; i < Column.Ext; i++) {
      const cell = cells[i];
      if (cell !== undefined) this.out(i, cell);
      this.flush(i);
    }
    const ext = cells[Column.Ext];
    if (ext !== undefined) this.out(Column.Ext, ext);
    this.open = Column.Ext;
  }

  /** Writes what is left. The last line's open cells are never measured, as in ss. */
  finish(): void {
    if (this.chunks.length > 0) this.render();
    this.open = undefined;
  }

  /** ss's field_set(COL_NETID) at a new line: the last line's cells finished, the piece written when full. */
  private startLine(): void {
    if (this.open === Column.Ext) {
      this.flush(Column.Ext);
      this.open = Column.Process;
    }
    if (this.open === Column.Process) {
      if (this.chunks.length >= CHUNKS_PER_PIECE) this.render();
      else this.flush(Column.Process);
    }
    this.open = undefined;
  }

  /** ss's out(): appends to the open token, which moves to a new chunk when it does not fit. */
  private out(column: number, text: string): void {
    if (!this.enabled[column] || text === '') return;
    const unicode = MAY_BE_UNICODE[column] && !isAscii(text);
    let n = unicode ? Buffer.byteLength(text) : text.length;
    if (this.chunks.length === 0) this.newChunk();
    let chunk = this.chunks[this.chunks.length - 1];
    let end = this.token + 2 + this.length;
    if (!(n < CHUNK_DATA - end) && this.token !== 0) {
      const from = this.token;
      this.ends.push(from);
      this.newChunk();
      const moved = chunk;
      chunk = this.chunks[this.chunks.length - 1];
      moved.copy(chunk, 2, from + 2, from + 2 + this.length);
      end = 2 + this.length;
    }
    n = Math.min(n, CHUNK_DATA - end, TOKEN_MAX - this.length);
    if (unicode) chunk.write(text, end, n, 'utf8');
    else for (let k = 0; k < n; k++) chunk[end + k] = text.charCodeAt(k); // cells are short: no call into C++
    this.length += n;
  }

  /** ss's field_flush(): measures the token and starts the next one (in a new chunk when its length would not fit). */
  private flush(column: number): void {
    if (!this.enabled[column]) return;
    if (this.chunks.length === 0) this.newChunk();
    if (this.length > this.maxLength[column]) this.maxLength[column] = this.length;
    const chunk = this.chunks[this.chunks.length - 1];
    chunk[this.token] = this.length & 0xff;
    chunk[this.token + 1] = this.length >> 8;
    const end = this.token + 2 + this.length + (this.length & 1);
    this.tokens++;
    if (CHUNK_DATA - end < 2) {
      this.ends.push(end);
      this.newChunk();
    } else {
      this.token = end;
      this.length = 0;
    }
  }

  private newChunk(): void {
    this.chunks.push(this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_SIZE));
    this.token = 0;
    this.length = 0;
  }

  /** ss's render(): widths from the cells measured so far, then the tokens replayed column by column. */
  private render(): void {
    const last = this.chunks[this.chunks.length - 1];
    last[this.token] = this.length & 0xff;
    last[this.token + 1] = this.length >> 8;
    this.ends.push(this.token + 2 + this.length);
    const width = new Array<number>(COLUMNS.length).fill(0);
    let first = true;
    let widest = 0;
    for (let i = 0; i < COLUMNS.length; i++) {
      if (!this.enabled[i]) continue;
      const max = this.maxLength[i];
      width[i] = !first && max > 0 ? max + COLUMNS[i].delimiter.length : max;
      if (width[i] > 0) first = false;
      if (width[i] > widest) widest = width[i];
    }
    // A cell prints at most its width, its delimiter and its text; each token may end a line.
    let bound = 0;
    for (const end of this.ends) bound += end;
    const out = Buffer.allocUnsafe(bound + (this.tokens + 1) * (widest + 2));
    const layout: Layout = {
      width: Int32Array.from(width),
      right: Uint8Array.from(COLUMNS, (c) => (c.right ? 1 : 0)),
      delimiter: Int32Array.from(COLUMNS, (c) => c.delimiter.length),
      next: Int32Array.from(COLUMNS, (_, i) => {
        let n = i;
        do n = n === Column.Process ? 0 : n + 1;
        while (!this.enabled[n]);
        return n;
      }),
      column: this.enabled.indexOf(true),
      lineStart: true,
    };
    let at = 0;
    for (let c = 0; c < this.chunks.length; c++) at = layChunk(this.chunks[c], this.ends[c], out, at, layout);
    const lineStart = layout.lineStart;
    if (!lineStart) out[at++] = 0x0a;
    this.spare.push(...this.chunks);
    this.chunks.length = 0;
    this.ends.length = 0;
    this.tokens = 0;
    this.token = 0;
    this.length = 0;
    this.write(out.subarray(0, at));
  }
}

/** Column widths and how the columns follow each other, for layChunk. */
interface Layout {
  width: Int32Array;
  right: Uint8Array;
  delimiter: Int32Array;
  /** The enabled column after each (after the last: the first, on a new line). */
  next: Int32Array;
  column: number;
  lineStart: boolean;
}

/**
 * Lays out a chunk's tokens, chunk[0, end), into `out` at `at` as ss's render() prints them: a delimiter before
 * every cell but a line's first, a right-aligned cell preceded by its padding, a left-aligned one followed by it,
 * a newline after the last column. Returns the new offset; `layout` keeps the column reached.
 */
function layChunk(chunk: Buffer, end: number, out: Buffer, at: number, layout: Layout): number {
  const { width, right, delimiter, next } = layout;
  let column = layout.column;
  let lineStart = layout.lineStart;
  for (let token = 0; token < end; ) {
    const length = chunk[token] | (chunk[token + 1] << 8);
    const cellStart = at;
    if (!lineStart) for (let k = delimiter[column]; k > 0; k--) out[at++] = 0x20;
    lineStart = false;
    const w = width[column];
    if (w > 0 && right[column] === 1) for (let k = w - length - (at - cellStart); k > 0; k--) out[at++] = 0x20;
    const data = token + 2;
    for (let k = 0; k < length; k++) out[at++] = chunk[data + k];
    if (w > 0 && right[column] === 0) for (let k = w - (at - cellStart); k > 0; k--) out[at++] = 0x20;
    const following = next[column];
    if (following <= column) {
      out[at++] = 0x0a;
      lineStart = true;
    }
    column = following;
    token = data + length + (length & 1);
  }
  layout.column = column;
  layout.lineStart = lineStart;
  return at;
}

function isAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) > 0x7f) return false;
  return true;
}
