// ss's layout of a long listing: lines kept in 1 MiB chunks and written a piece at a time, each piece with the
// widths measured so far (iproute2 misc/ss.c: BUF_CHUNK, BUF_CHUNKS_MAX, field_next and render).
import { expect } from 'chai';
import { Cells, SsTable } from '../../../lib/cli/format/ss-table';

// With Netid hidden, each of these lines takes 60 bytes of tokens (a 2-byte length before each cell, cells padded
// to even lengths: 8+8+8+12+4+12+4 and two empty ones of 2), so a chunk's 1,048,560 bytes hold 17,476 lines
// exactly. The fifth chunk is taken when line 69,905 starts (the 69,904th line's last cell is flushed then), and
// the next line start writes the piece: ss's first piece is 69,905 lines.
const FIRST_PIECE = 69905;
const narrow: Cells = ['', 'ESTAB', '0     ', '0     ', '10.0.0.1:', '1', '10.0.0.2:', '2'];
const wide: Cells = ['', 'ESTAB', '0     ', '0     ', '10.0.0.1:', '1', '10.100.100.200:', '2'];

function render(lines: Cells[]): { pieces: number; text: string[] } {
  const out: Buffer[] = [];
  const table = new SsTable({ netid: false, state: true, header: false }, (piece) => out.push(piece));
  for (const cells of lines) table.add(cells);
  table.finish();
  return { pieces: out.length, text: Buffer.concat(out).toString('latin1').split('\n').slice(0, -1) };
}

describe('cli/format/ss-table: pieces of a long listing', () => {
  it('writes the first piece with the widths of its own lines, as ss does, and later ones wider', () => {
    const lines = [...new Array<Cells>(FIRST_PIECE + 1).fill(narrow), wide];
    const { pieces, text } = render(lines);
    expect(pieces).to.equal(2);
    expect(text).to.have.length(FIRST_PIECE + 2);
    const narrowLine = 'ESTAB 0      0      10.0.0.1:1 10.0.0.2:2';
    expect(text[0]).to.equal(narrowLine);
    expect(text[FIRST_PIECE - 1]).to.equal(narrowLine);
    // The same narrow cells in the second piece take the widths the wide line brought.
    expect(text[FIRST_PIECE]).to.equal('ESTAB 0      0      10.0.0.1:1       10.0.0.2:2');
    expect(text[FIRST_PIECE + 1]).to.equal('ESTAB 0      0      10.0.0.1:1 10.100.100.200:2');
  });

  it('keeps a short listing in one piece laid out whole', () => {
    const { pieces, text } = render([wide, narrow]);
    expect(pieces).to.equal(1);
    expect(text).to.deep.equal(['ESTAB 0      0      10.0.0.1:1 10.100.100.200:2', 'ESTAB 0      0      10.0.0.1:1       10.0.0.2:2']);
  });
});
