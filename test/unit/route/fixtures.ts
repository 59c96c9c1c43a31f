// Reads the annotated hex fixtures captured from the kernel (test/fixtures/route/*.hex).
import { readFileSync } from 'fs';
import { join } from 'path';

export interface CapturedMessage {
  type: number;
  flags: number;
  payload: Buffer;
  /** The annotated lines, for failure messages. */
  text: string;
}

/** The fixtures live in the source tree; tests run from dist/test/..., so walk up to the package root. */
export function fixturePath(name: string): string {
  return join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'route', name);
}

export function readCaptured(kind: 'link' | 'address' | 'route' | 'neighbour' | 'rule'): CapturedMessage[] {
  const out: CapturedMessage[] = [];
  let current: { type: number; flags: number; hex: string[]; lines: string[] } | undefined;
  const flush = () => {
    if (current) out.push({ type: current.type, flags: current.flags, payload: Buffer.from(current.hex.join(''), 'hex'), text: current.lines.join('\n') });
  };
  for (const line of readFileSync(fixturePath(`${kind}.hex`), 'utf8').split('\n')) {
    if (line.startsWith('= ')) {
      flush();
      const [, type, flags] = line.split(' ');
      current = { type: Number(type), flags: Number(flags), hex: [], lines: [] };
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
