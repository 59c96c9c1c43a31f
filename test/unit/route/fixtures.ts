// Reads the annotated hex fixtures captured from the kernel (test/fixtures/route/*.hex).
import { readFileSync } from 'fs';
import { join } from 'path';

export interface CapturedMessage {
  type: number;
  flags: number;
  payload: Buffer;
  /** The annotated lines, for failure messages. */
  text: string;
  /** What the message is, when its "=" line says (a third word, as in mctp.hex); else the file's kind. */
  kind: string;
}

/** The fixtures live in the source tree; tests run from dist/test/..., so walk up to the package root. */
export function fixturePath(name: string): string {
  return join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'route', name);
}

export function readCaptured(kind: 'link' | 'address' | 'route' | 'neighbour' | 'rule' | 'mctp'): CapturedMessage[] {
  const out: CapturedMessage[] = [];
  let current: { type: number; flags: number; kind: string; hex: string[]; lines: string[] } | undefined;
  const flush = () => {
    if (current) out.push({ type: current.type, flags: current.flags, kind: current.kind, payload: Buffer.from(current.hex.join(''), 'hex'), text: current.lines.join('\n') });
  };
  for (const line of readFileSync(fixturePath(`${kind}.hex`), 'utf8').split('\n')) {
    if (line.startsWith('= ')) {
      flush();
      const [, type, flags, what] = line.split(' ');
      current = { type: Number(type), flags: Number(flags), kind: what ?? kind, hex: [], lines: [] };
      continue;
    }
    const hex = line.split('#')[0].replace(/\s+/g, '');
    if (hex === '' || current === undefined) continue;
    current.hex.push(hex);
    current.lines.push(line);
  }
  flush();
  return out;
}
