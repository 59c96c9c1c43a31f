// Compiles the subsystem/devtype part of a UeventFilter into a classic BPF socket filter, so that the kernel
// drops unwanted uevents before they are queued and the process is never woken for them.
//
// udev-format datagrams ("libudev\0" prefix and the 0xfeedcafe magic) carry MurmurHash2 hashes of SUBSYSTEM
// and DEVTYPE in their header, at fixed offsets: the program compares them with the hashes of the wanted values,
// as systemd's device monitor does. A hash collision lets a datagram through; user space checks the text.
//
// Kernel-format datagrams carry only text, but its layout is fixed by lib/kobject_uevent.c:
//   ACTION@DEVPATH\0ACTION=<action>\0DEVPATH=<devpath>\0SUBSYSTEM=<subsystem>\0...
// If the header line ends (its NUL) at offset p, its length is H = p + 1, and the two properties that repeat
// its parts take 7 + 1 + 8 + 1 + (H - 2) bytes more, so "SUBSYSTEM=" starts at exactly 2H + 15 = 2p + 17.
// Classic BPF has no backward jumps, so the program finds p with an unrolled scan of the first `scanLimit`
// bytes (four instructions per byte, two executed per byte of header), then compares
// "SUBSYSTEM=<wanted>\0" word by word at 2p + 17. DEVTYPE has no fixed place in kernel-format datagrams, so
// it is checked only in user space for them.
//
// The program only ever drops what certainly does not match: a datagram too short to scan safely, a header
// longer than the scan limit, or an unexpected udev header all pass to user space, which applies the full
// filter and reports malformed input. (An out-of-bounds load would make the kernel drop silently, so every
// load is guarded by a length check.)
import { UeventFilter, listOf } from './filter';
import { stringHash32 } from './murmurhash2';
import { UdevHeaderOffset, UDEV_HEADER_SIZE, UDEV_MAGIC } from './udev-format';

/** One classic BPF instruction (struct sock_filter). */
export interface BpfInstruction {
  /** The opcode: class, size, mode and source bits (BPF_LD | BPF_W | BPF_ABS, ...). */
  code: number;
  /** For a conditional jump: how many instructions to skip when the condition holds. */
  jt: number;
  /** For a conditional jump: how many instructions to skip when it does not. */
  jf: number;
  /** The constant operand: an offset to load from, a value to compare with, or the byte count to return. */
  k: number;
}

// linux/filter.h and linux/bpf_common.h
/** Classic BPF opcode parts (BPF_LD, BPF_W, BPF_ABS, BPF_JMP, ...), to combine with `|`. */
export const BPF = {
  LD: 0x00, LDX: 0x01, ST: 0x02, STX: 0x03, ALU: 0x04, JMP: 0x05, RET: 0x06, MISC: 0x07,
  W: 0x00, H: 0x08, B: 0x10,
  IMM: 0x00, ABS: 0x20, IND: 0x40, MEM: 0x60, LEN: 0x80, MSH: 0xa0,
  ADD: 0x00, SUB: 0x10,
  JA: 0x00, JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40,
  K: 0x00, X: 0x08, A: 0x10,
  TAX: 0x00, TXA: 0x80,
} as const; // prettier-ignore

/** The most instructions the kernel accepts in one classic program (BPF_MAXINSNS). */
export const BPF_MAX_INSTRUCTIONS = 4096;
/** A filter's return value that keeps the whole datagram. */
export const BPF_PASS = 0xffffffff;
/** A filter's return value that drops the datagram. */
export const BPF_DROP = 0;

/** Options of the uevent socket filter compiler. */
export interface UeventBpfOptions {
  /** How many leading bytes of a kernel-format datagram are searched for the end of its header line. */
  scanLimit?: number;
  /** Byte order the sender used for MurmurHash2 (the host's, by default). */
  littleEndian?: boolean;
}

/** Bytes of a kernel-format uevent the socket filter searches for SUBSYSTEM= by default. */
export const DEFAULT_SCAN_LIMIT = 512;
const SCAN_BLOCK = 48;
const MAX_VALUES = 64;
const MAX_NEEDLE = 256;
const SUBSYSTEM_OFFSET_BASE = 17; // "SUBSYSTEM=" starts at 2p + 17, p = offset of the header's NUL

type Target = number | string;
interface Pending {
  code: number;
  jt: Target;
  jf: Target;
  k: number | string;
}

/** A tiny assembler: jumps name labels; offsets are resolved (and range-checked) at the end. */
class Assembler {
  private readonly code: Pending[] = [];
  private readonly labels = new Map<string, number>();

  label(name: string): void {
    this.labels.set(name, this.code.length);
  }
  stmt(code: number, k = 0): void {
    this.code.push({ code, jt: 0, jf: 0, k });
  }
  jump(code: number, k: number, jt: Target, jf: Target): void {
    this.code.push({ code, jt, jf, k });
  }
  always(label: string): void {
    this.code.push({ code: BPF.JMP | BPF.JA, jt: 0, jf: 0, k: label });
  }
  get length(): number {
    return this.code.length;
  }

  finish(): BpfInstruction[] {
    return this.code.map((insn, i) => {
      const offset = (target: Target): number => {
        if (typeof target === 'number') return target;
        const at = this.labels.get(target);
        if (at === undefined) throw new Error(`BPF label ${target} is not defined`);
        const distance = at - (i + 1);
        if (distance < 0) throw new Error(`BPF jump to ${target} goes backwards`);
        return distance;
      };
      const jt = offset(insn.jt);
      const jf = offset(insn.jf);
      if (jt > 255 || jf > 255) throw new Error(`BPF conditional jump at ${i} is too far`);
      const k = typeof insn.k === 'string' ? offset(insn.k) : insn.k >>> 0;
      return { code: insn.code, jt, jf, k };
    });
  }
}

/** Big-endian words of `bytes`, as BPF_LD|BPF_W loads them. */
function bigEndianChunks(bytes: Buffer): Array<{ offset: number; size: 4 | 2 | 1; value: number }> {
  const chunks: Array<{ offset: number; size: 4 | 2 | 1; value: number }> = [];
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) chunks.push({ offset: i, size: 4, value: bytes.readUInt32BE(i) });
  if (i + 2 <= bytes.length) {
    chunks.push({ offset: i, size: 2, value: bytes.readUInt16BE(i) });
    i += 2;
  }
  if (i < bytes.length) chunks.push({ offset: i, size: 1, value: bytes[i] });
  return chunks;
}

const SIZE_CODE = { 4: BPF.W, 2: BPF.H, 1: BPF.B } as const;

/**
 * The socket filter for `filter`, or undefined when it has nothing the kernel could check (no subsystem or
 * devtype criterion, or too many / too long values to compile).
 */
export function compileUeventBpf(filter: UeventFilter, options: UeventBpfOptions = {}): BpfInstruction[] | undefined {
  return compileUeventProgram(filter, options)?.program;
}

/** As compileUeventBpf, with the scan limit the program was built with (smaller when the program had to shrink). */
export function compileUeventProgram(
  filter: UeventFilter,
  options: UeventBpfOptions = {},
): {
  /** The classic BPF program, at most BPF_MAXINSNS instructions. */
  program: BpfInstruction[];
  /** Bytes of a kernel-format header the program searches for SUBSYSTEM (halved until the program fits). */
  scanLimit: number;
} | undefined {
  const subsystems = [...new Set(listOf(filter.subsystem))];
  const devtypes = [...new Set(listOf(filter.devtype))];
  if (subsystems.length === 0 && devtypes.length === 0) return undefined;
  if (subsystems.length > MAX_VALUES || devtypes.length > MAX_VALUES) return undefined;
  const scanLimit = Math.max(0, Math.floor(options.scanLimit ?? DEFAULT_SCAN_LIMIT));
  const hash = (text: string) => stringHash32(text, options.littleEndian);
  const a = new Assembler();

  // Which format? A datagram counts as udev format only with the full prefix and magic.
  a.stmt(BPF.LD | BPF.W | BPF.LEN);
  a.jump(BPF.JMP | BPF.JGE | BPF.K, UDEV_HEADER_SIZE, 0, 'to-kernel');
  a.stmt(BPF.LD | BPF.W | BPF.ABS, 0);
  a.jump(BPF.JMP | BPF.JEQ | BPF.K, 0x6c696275 /* "libu" */, 0, 'to-kernel');
  a.stmt(BPF.LD | BPF.W | BPF.ABS, 4);
  a.jump(BPF.JMP | BPF.JEQ | BPF.K, 0x64657600 /* "dev\0" */, 0, 'to-kernel');
  a.stmt(BPF.LD | BPF.W | BPF.ABS, UdevHeaderOffset.Magic);
  a.jump(BPF.JMP | BPF.JEQ | BPF.K, UDEV_MAGIC, 'udev', 0);
  a.stmt(BPF.RET | BPF.K, BPF_PASS); // "libudev" with a wrong magic: user space reports it as malformed
  a.label('to-kernel');
  a.always('kernel');

  // udev format: SUBSYSTEM hash in the wanted set, and DEVTYPE hash in the wanted set.
  a.label('udev');
  const hashCheck = (offset: number, values: string[], name: string) => {
    if (values.length === 0) return;
    a.stmt(BPF.LD | BPF.W | BPF.ABS, offset);
    for (const value of values) a.jump(BPF.JMP | BPF.JEQ | BPF.K, hash(value), `${name}-ok`, 0);
    a.stmt(BPF.RET | BPF.K, BPF_DROP);
    a.label(`${name}-ok`);
  };
  hashCheck(UdevHeaderOffset.SubsystemHash, subsystems, 'udev-subsystem');
  hashCheck(UdevHeaderOffset.DevtypeHash, devtypes, 'udev-devtype');
  a.stmt(BPF.RET | BPF.K, BPF_PASS);

  a.label('kernel');
  const needles = subsystems.map((s) => Buffer.from(`SUBSYSTEM=${s}\0`, 'utf8'));
  if (needles.length === 0 || needles.some((n) => n.length > MAX_NEEDLE) || scanLimit === 0) {
    a.stmt(BPF.RET | BPF.K, BPF_PASS);
    return { program: a.finish(), scanLimit: 0 };
  }
  for (let blockStart = 1; blockStart < scanLimit; blockStart += SCAN_BLOCK) {
    const blockEnd = Math.min(blockStart + SCAN_BLOCK, scanLimit);
    // Every byte of this block must exist before it is loaded.
    a.stmt(BPF.LD | BPF.W | BPF.LEN);
    a.jump(BPF.JMP | BPF.JGE | BPF.K, blockEnd, 1, 0);
    a.stmt(BPF.RET | BPF.K, BPF_PASS);
    for (let p = blockStart; p < blockEnd; p++) {
      a.stmt(BPF.LD | BPF.B | BPF.ABS, p);
      a.jump(BPF.JMP | BPF.JEQ | BPF.K, 0, 0, 2);
      a.stmt(BPF.LDX | BPF.W | BPF.IMM, 2 * p + SUBSYSTEM_OFFSET_BASE);
      a.always('compare');
    }
  }
  a.stmt(BPF.RET | BPF.K, BPF_PASS); // header longer than the scan: let user space decide

  a.label('compare');
  a.stmt(BPF.STX, 0); // M[0] = offset of "SUBSYSTEM="
  needles.forEach((needle, index) => {
    const next = `needle-${index + 1}`;
    // In bounds? len >= offset + needle length
    a.stmt(BPF.LD | BPF.MEM, 0);
    a.stmt(BPF.ALU | BPF.ADD | BPF.K, needle.length);
    a.stmt(BPF.MISC | BPF.TAX);
    a.stmt(BPF.LD | BPF.W | BPF.LEN);
    a.jump(BPF.JMP | BPF.JGE | BPF.X, 0, 0, next);
    a.stmt(BPF.LDX | BPF.W | BPF.MEM, 0);
    for (const chunk of bigEndianChunks(needle)) {
      a.stmt(BPF.LD | SIZE_CODE[chunk.size] | BPF.IND, chunk.offset);
      a.jump(BPF.JMP | BPF.JEQ | BPF.K, chunk.value, 0, next);
    }
    a.stmt(BPF.RET | BPF.K, BPF_PASS);
    a.label(next);
  });
  a.stmt(BPF.RET | BPF.K, BPF_DROP);
  const program = a.finish();
  if (program.length > BPF_MAX_INSTRUCTIONS) {
    return compileUeventProgram(filter, { ...options, scanLimit: Math.floor(scanLimit / 2) });
  }
  return { program, scanLimit };
}
