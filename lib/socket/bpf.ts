// Classic BPF programs for SO_ATTACH_FILTER: validation and the struct sock_filter layout.
import { endianness } from 'os';
import { checkUint32, invalidArgType, outOfRange } from './errors';

/** One struct sock_filter: opcode, jump-if-true and jump-if-false offsets, and the constant operand. */
export interface BpfInstruction {
  /** The opcode (struct sock_filter's code). */
  code: number;
  /** Instructions to skip when the condition holds. */
  jt: number;
  /** Instructions to skip when it does not. */
  jf: number;
  /** The operand. */
  k: number;
}

const INSTRUCTION_SIZE = 8;

/**
 * Packs a program as the kernel reads it (host byte order). Bad shapes throw here rather than as a bare
 * EINVAL from the kernel; whether the program is valid BPF is still the kernel's verdict.
 */
export function encodeBpfProgram(program: readonly BpfInstruction[], maxInstructions: number): Buffer {
  if (!Array.isArray(program)) throw invalidArgType('program', 'an array of BpfInstruction', program);
  if (program.length === 0 || program.length > maxInstructions) {
    throw outOfRange('program.length', `>= 1 and <= ${maxInstructions}`, program.length);
  }
  const out = Buffer.alloc(program.length * INSTRUCTION_SIZE);
  const little = endianness() === 'LE';
  program.forEach((insn, i) => {
    if (typeof insn !== 'object' || insn === null) throw invalidArgType(`program[${i}]`, 'a BpfInstruction', insn);
    const code = checkUint32(`program[${i}].code`, insn.code);
    const jt = checkUint32(`program[${i}].jt`, insn.jt);
    const jf = checkUint32(`program[${i}].jf`, insn.jf);
    // k is a u32, but programs often spell negative offsets (SKF_AD_OFF and friends) as int32.
    const k = typeof insn.k === 'number' && insn.k < 0 && insn.k >= -0x80000000 ? insn.k >>> 0 : checkUint32(`program[${i}].k`, insn.k);
    if (code > 0xffff) throw outOfRange(`program[${i}].code`, '<= 65535', code);
    if (jt > 0xff) throw outOfRange(`program[${i}].jt`, '<= 255', jt);
    if (jf > 0xff) throw outOfRange(`program[${i}].jf`, '<= 255', jf);
    const at = i * INSTRUCTION_SIZE;
    if (little) {
      out.writeUInt16LE(code, at);
      out.writeUInt32LE(k, at + 4);
    } else {
      out.writeUInt16BE(code, at);
      out.writeUInt32BE(k, at + 4);
    }
    out.writeUInt8(jt, at + 2);
    out.writeUInt8(jf, at + 3);
  });
  return out;
}
