// packet_diag: the request (struct packet_diag_req) and the decoding of struct packet_diag_msg.
import { DecodeError, spec } from '../core';
import { AddressFamily, PacketDiagAttribute, PacketShow } from './constants';
import { RawAttribute, SkMeminfo, SocketSource } from './inet';
import { packetInfoStruct, packetRingStruct, skMeminfoStruct } from './structs';
import { forEachAttribute, SocketTypeName, socketTypeName, take } from './unix';

/** Flags of struct packet_diag_info (PDI_*), by name. */
export type PacketInfoFlag = 'running' | 'auxdata' | 'origdev' | 'vnethdr' | 'loss';
const INFO_FLAGS: readonly PacketInfoFlag[] = ['running', 'auxdata', 'origdev', 'vnethdr', 'loss'];

/** struct packet_diag_info, with its flags by name. */
export interface PacketInfo {
  /** The interface the socket is bound to (0: all). */
  index: number;
  /** TPACKET_V1, V2 or V3 (0, 1, 2). */
  version: number;
  /** PACKET_RESERVE: bytes reserved before each frame of a ring. */
  reserve: number;
  /** PACKET_COPY_THRESH. */
  copyThresh: number;
  /** PACKET_TIMESTAMP's flags (SOF_TIMESTAMPING_*). */
  tstamp: number;
  /** 'running', 'auxdata', 'origdev', 'vnethdr', 'loss' (PDI_*), or the bits not named. */
  flags: Array<PacketInfoFlag | number>;
}

/** struct packet_diag_ring. */
export type PacketRing = spec.StructValue<typeof packetRingStruct>;

/** One entry of PACKET_DIAG_MCLIST (struct packet_diag_mclist). */
export interface PacketMembership {
  /** The interface index. */
  index: number;
  /** How many times it was added. */
  count: number;
  /** PACKET_MR_MULTICAST (0), PACKET_MR_PROMISC (1), PACKET_MR_ALLMULTI (2) or PACKET_MR_UNICAST (3). */
  type: number;
  /** The hardware address, as colon-separated hex. */
  address: string;
}

/** PACKET_DIAG_FANOUT: the group id, its mode (PACKET_FANOUT_*) and flags. */
export interface PacketFanout {
  /** The fanout group's id. */
  id: number;
  /** The mode (PACKET_FANOUT_HASH 0, LB 1, CPU 2, ...). */
  type: number;
  /** The PACKET_FANOUT_FLAG_* bits (rollover, defrag, ...). */
  flags: number;
}

/** One instruction of a classic BPF filter attached to the socket. */
export interface SocketFilterInstruction {
  /** The opcode (struct sock_filter's code). */
  code: number;
  /** The jump offset when the condition holds. */
  jt: number;
  /** The jump offset when it does not. */
  jf: number;
  /** The operand. */
  k: number;
}

/** One AF_PACKET socket. */
export interface PacketSocket {
  /** Where this description came from: sock_diag ('netlink') or /proc/net/packet ('proc', with fewer fields). */
  source: SocketSource;
  /** 'raw' or 'dgram', or the SOCK_* number. */
  type: SocketTypeName | number;
  /** The Ethernet protocol it receives (ETH_P_ALL is 3), in host order. */
  protocol: number;
  /** The socket's inode (as in /proc/PID/fd: socket:[inode]). */
  inode: number;
  /** The kernel's socket cookie. */
  cookie: bigint;
  /** The owner's uid. */
  uid?: number;
  /** struct packet_diag_info: the interface, TPACKET version and options. */
  info?: PacketInfo;
  /** The PACKET_ADD_MEMBERSHIP entries. */
  memberships?: PacketMembership[];
  /** The receive ring (PACKET_RX_RING), if any. */
  rxRing?: PacketRing;
  /** The transmit ring (PACKET_TX_RING), if any. */
  txRing?: PacketRing;
  /** The fanout group, if the socket joined one. */
  fanout?: PacketFanout;
  /** The SK_MEMINFO_* counters. */
  meminfo?: SkMeminfo;
  /** The classic BPF program attached (SO_ATTACH_FILTER), if any. */
  filter?: SocketFilterInstruction[];
  /** Attributes this version does not decode, with their bytes. */
  unknownAttributes?: RawAttribute[];
  /** What could not be decoded (the socket is kept with the fields that could). */
  decodeErrors?: DecodeError[];
}

/** Everything packet_diag can show. */
export const PACKET_SHOW_ALL = PacketShow.Info | PacketShow.Mclist | PacketShow.RingCfg | PacketShow.Fanout | PacketShow.Meminfo | PacketShow.Filter;

/** Encodes struct packet_diag_req. */
export function encodePacketRequest(show: number): Buffer {
  const b = Buffer.alloc(20);
  b[0] = AddressFamily.Packet;
  b.writeUInt32LE(show, 8);
  b.writeUInt32LE(0xffffffff, 12);
  b.writeUInt32LE(0xffffffff, 16);
  return b;
}

/** Decodes one packet_diag_msg payload. Never throws: problems go to `decodeErrors`. */
export function decodePacketSocket(buf: Buffer, start: number, end: number): PacketSocket {
  if (end - start < 16) {
    return { source: 'netlink', type: 0, protocol: 0, inode: 0, cookie: 0n, decodeErrors: [new DecodeError(`packet_diag_msg: ${end - start} bytes, expected 16`, start)] };
  }
  const s: PacketSocket = {
    source: 'netlink',
    type: socketTypeName(buf[start + 1]),
    protocol: buf.readUInt16LE(start + 2),
    inode: buf.readUInt32LE(start + 4),
    cookie: (BigInt(buf.readUInt32LE(start + 12)) << 32n) | BigInt(buf.readUInt32LE(start + 8)),
  };
  forEachAttribute(s, 'packet_diag', buf, start + 16, end, (type, v, n) => {
    switch (type) {
      case PacketDiagAttribute.Info: {
        const i = take(s, spec.decodeStruct(packetInfoStruct, buf, v, v + n));
        const flags: Array<PacketInfoFlag | number> = [];
        for (let bit = 0; bit < 32; bit++) if (i.flags & (1 << bit)) flags.push(INFO_FLAGS[bit] ?? (1 << bit) >>> 0);
        s.info = { index: i.index, version: i.version, reserve: i.reserve, copyThresh: i.copyThresh, tstamp: i.tstamp, flags };
        return true;
      }
      case PacketDiagAttribute.Mclist:
        s.memberships = [];
        for (let at = v; at + 44 <= v + n; at += 44) {
          const alen = Math.min(buf.readUInt16LE(at + 10), 32);
          const hex: string[] = [];
          for (let k = 0; k < alen; k++) hex.push(buf[at + 12 + k].toString(16).padStart(2, '0'));
          s.memberships.push({ index: buf.readUInt32LE(at), count: buf.readUInt32LE(at + 4), type: buf.readUInt16LE(at + 8), address: hex.join(':') });
        }
        return true;
      case PacketDiagAttribute.RxRing:
        s.rxRing = take(s, spec.decodeStruct(packetRingStruct, buf, v, v + n));
        return true;
      case PacketDiagAttribute.TxRing:
        s.txRing = take(s, spec.decodeStruct(packetRingStruct, buf, v, v + n));
        return true;
      case PacketDiagAttribute.Fanout: {
        if (n < 4) return false;
        const f = buf.readUInt32LE(v);
        s.fanout = { id: f & 0xffff, type: (f >>> 16) & 0xff, flags: f >>> 24 };
        return true;
      }
      case PacketDiagAttribute.Uid:
        if (n < 4) return false;
        s.uid = buf.readUInt32LE(v);
        return true;
      case PacketDiagAttribute.Meminfo:
        s.meminfo = take(s, spec.decodeStruct(skMeminfoStruct, buf, v, v + n));
        return true;
      case PacketDiagAttribute.Filter:
        s.filter = [];
        for (let at = v; at + 8 <= v + n; at += 8) s.filter.push({ code: buf.readUInt16LE(at), jt: buf[at + 2], jf: buf[at + 3], k: buf.readUInt32LE(at + 4) });
        return true;
      default:
        (s.unknownAttributes ??= []).push({ type, value: buf.subarray(v, v + n) });
        return true;
    }
  });
  return s;
}
