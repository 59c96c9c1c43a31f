// ListPrinter: ip's list output, one JSON array or the items' text, whether items come one by one or in batches
// (a dump's datagrams), and in pieces of about 64 KiB.
import { expect } from 'chai';
import { PassThrough } from 'stream';
import { ListPrinter } from '../../../lib/cli/session';

interface Item {
  n: number;
  name: string;
}

/** Everything written to a stream, and how many writes it took. */
function sink(): { stream: PassThrough; text: () => string; writes: () => number } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join(''), writes: () => chunks.length };
}

const items: Item[] = Array.from({ length: 6000 }, (_, n) => ({ n, name: n % 7 === 0 ? `quote"back\\slash\u0001${n}` : `item${n}` }));
const toJson = (i: Item): object => ({ n: i.n, name: i.name, even: i.n % 2 === 0 });
const toText = (i: Item): string => `${i.n} ${i.name}\n`;

async function print(json: boolean, feed: (p: ListPrinter<Item>) => Promise<void>): Promise<{ text: string; writes: number }> {
  const out = sink();
  const printer = new ListPrinter(out.stream, json, toJson, toText);
  await feed(printer);
  await printer.end();
  await new Promise((resolve) => setImmediate(resolve));
  return { text: out.text(), writes: out.writes() };
}

const oneByOne = async (p: ListPrinter<Item>) => {
  for (const i of items) await p.add(i);
};
const inBatches = (size: number) => async (p: ListPrinter<Item>) => {
  for (let i = 0; i < items.length; i += size) await p.addAll(items.slice(i, i + size));
};

describe('cli: ListPrinter', () => {
  it('prints one JSON array, the same whether items come one by one or in batches (empty ones too)', async () => {
    const single = await print(true, oneByOne);
    expect(JSON.parse(single.text)).to.deep.equal(items.map(toJson));
    expect(single.text.endsWith(']\n')).to.equal(true);
    for (const size of [1, 7, 300, 5000]) {
      const batched = await print(true, async (p) => {
        await p.addAll([]);
        await inBatches(size)(p);
        await p.addAll([]);
      });
      expect(batched.text, `batches of ${size}`).to.equal(single.text);
    }
  });

  it('prints [] for no items, in batches or not', async () => {
    expect((await print(true, async () => undefined)).text).to.equal('[]\n');
    expect((await print(true, (p) => p.addAll([]))).text).to.equal('[]\n');
  });

  it('prints the text of each item without -j, in batches or not', async () => {
    const expected = items.map(toText).join('');
    expect((await print(false, oneByOne)).text).to.equal(expected);
    expect((await print(false, inBatches(300))).text).to.equal(expected);
  });

  it('writes in pieces of about 64 KiB, not one per item nor one at the end', async () => {
    const { text, writes } = await print(true, inBatches(300));
    expect(text.length).to.be.greaterThan(3 * 65536);
    expect(writes).to.be.within(2, Math.ceil(text.length / 65536) + 1);
  });
});
