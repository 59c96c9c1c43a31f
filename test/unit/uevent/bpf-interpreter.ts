// A classic BPF interpreter with the Linux kernel's semantics (net/core/filter.c): 32-bit A and X, 16 scratch
// words, big-endian packet loads, and a load outside the packet ends the program with 0 (drop). Used to run
// the compiled uevent filters over datagrams in unit tests; the kernel tests run them for real.
import { BpfInstruction } from '../../../lib/uevent';

export class BpfFault extends Error {}

export function runBpf(program: BpfInstruction[], packet: Buffer): number {
  let a = 0;
  let x = 0;
  const mem = new Uint32Array(16);
  const load = (offset: number, size: number): number | undefined => {
    if (offset < 0 || offset + size > packet.length) return undefined;
    if (size === 4) return packet.readUInt32BE(offset);
    if (size === 2) return packet.readUInt16BE(offset);
    return packet[offset];
  };
  for (let pc = 0, steps = 0; pc < program.length; pc++, steps++) {
    if (steps > 100_000) throw new BpfFault('runaway program');
    const { code, jt, jf, k } = program[pc];
    const cls = code & 0x07;
    const size = { 0x00: 4, 0x08: 2, 0x10: 1 }[code & 0x18] ?? 0;
    const mode = code & 0xe0;
    switch (cls) {
      case 0x00: // LD
      case 0x01: {
        // LDX
        let value: number | undefined;
        if (mode === 0x00) value = k;
        else if (mode === 0x80) value = packet.length;
        else if (mode === 0x60) value = mem[k];
        else if (mode === 0x20) value = load(k, size);
        else if (mode === 0x40) value = load(x + k, size);
        else throw new BpfFault(`unsupported load mode 0x${mode.toString(16)}`);
        if (value === undefined) return 0;
        if (cls === 0x00) a = value >>> 0;
        else x = value >>> 0;
        break;
      }
      case 0x02:
        mem[k] = a;
        break;
      case 0x03:
        mem[k] = x;
        break;
      case 0x04: {
        const operand = code & 0x08 ? x : k;
        const op = code & 0xf0;
        if (op === 0x00) a = (a + operand) >>> 0;
        else if (op === 0x10) a = (a - operand) >>> 0;
        else throw new BpfFault(`unsupported ALU op 0x${op.toString(16)}`);
        break;
      }
      case 0x05: {
        const op = code & 0xf0;
        if (op === 0x00) {
          pc += k;
          break;
        }
        const operand = (code & 0x08 ? x : k) >>> 0;
        let taken: boolean;
        if (op === 0x10) taken = a === operand;
        else if (op === 0x20) taken = a > operand;
        else if (op === 0x30) taken = a >= operand;
        else if (op === 0x40) taken = (a & operand) !== 0;
        else throw new BpfFault(`unsupported jump 0x${op.toString(16)}`);
        pc += taken ? jt : jf;
        break;
      }
      case 0x06:
        return (code & 0x18) === 0x10 ? a : k >>> 0;
      case 0x07:
        if (code & 0x80) a = x;
        else x = a;
        break;
      default:
        throw new BpfFault(`bad class ${cls}`);
    }
  }
  throw new BpfFault('fell off the end of the program');
}
