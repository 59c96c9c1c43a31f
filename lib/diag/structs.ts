// The fixed structs sock_diag attributes carry, described once for the spec decoder. A struct a newer kernel
// grew keeps its extra bytes (spec.STRUCT_EXTRA); one an older kernel sent shorter decodes the members it has.
import { spec } from '../core';

const { structSpec } = spec;

/**
 * struct tcp_info (linux/tcp.h) up to tcpi_total_rto_time (6.7). The bit fields of byte 6 and 7 are read by
 * decodeTcpInfo; 104 bytes (up to tcpi_total_retrans) is what the oldest kernels sent.
 */
export const tcpInfoStruct = structSpec(
  'tcp_info',
  248,
  {
    state: [0, 'u8'],
    caState: [1, 'u8'],
    retransmits: [2, 'u8'],
    probes: [3, 'u8'],
    backoff: [4, 'u8'],
    options: [5, 'u8'],
    rto: [8, 'u32'],
    ato: [12, 'u32'],
    sndMss: [16, 'u32'],
    rcvMss: [20, 'u32'],
    unacked: [24, 'u32'],
    sacked: [28, 'u32'],
    lost: [32, 'u32'],
    retrans: [36, 'u32'],
    fackets: [40, 'u32'],
    lastDataSent: [44, 'u32'],
    lastAckSent: [48, 'u32'],
    lastDataRecv: [52, 'u32'],
    lastAckRecv: [56, 'u32'],
    pmtu: [60, 'u32'],
    rcvSsthresh: [64, 'u32'],
    rtt: [68, 'u32'],
    rttvar: [72, 'u32'],
    sndSsthresh: [76, 'u32'],
    sndCwnd: [80, 'u32'],
    advmss: [84, 'u32'],
    reordering: [88, 'u32'],
    rcvRtt: [92, 'u32'],
    rcvSpace: [96, 'u32'],
    totalRetrans: [100, 'u32'],
    pacingRate: [104, 'u64'],
    maxPacingRate: [112, 'u64'],
    bytesAcked: [120, 'u64'],
    bytesReceived: [128, 'u64'],
    segsOut: [136, 'u32'],
    segsIn: [140, 'u32'],
    notsentBytes: [144, 'u32'],
    minRtt: [148, 'u32'],
    dataSegsIn: [152, 'u32'],
    dataSegsOut: [156, 'u32'],
    deliveryRate: [160, 'u64'],
    busyTime: [168, 'u64'],
    rwndLimited: [176, 'u64'],
    sndbufLimited: [184, 'u64'],
    delivered: [192, 'u32'],
    deliveredCe: [196, 'u32'],
    bytesSent: [200, 'u64'],
    bytesRetrans: [208, 'u64'],
    dsackDups: [216, 'u32'],
    reordSeen: [220, 'u32'],
    rcvOoopack: [224, 'u32'],
    sndWnd: [228, 'u32'],
    rcvWnd: [232, 'u32'],
    rehash: [236, 'u32'],
    totalRto: [240, 'u16'],
    totalRtoRecoveries: [242, 'u16'],
    totalRtoTime: [244, 'u32'],
  },
  104,
);

/** struct inet_diag_meminfo. */
export const inetMeminfoStruct = structSpec('inet_diag_meminfo', 16, {
  rmem: [0, 'u32'],
  wmem: [4, 'u32'],
  fmem: [8, 'u32'],
  tmem: [12, 'u32'],
});

/** The u32 array of INET_DIAG_SKMEMINFO / UNIX_DIAG_MEMINFO / ... (SK_MEMINFO_*); 7 counters before 3.x added more. */
export const skMeminfoStruct = structSpec(
  'sk_meminfo',
  36,
  {
    rmemAlloc: [0, 'u32'],
    rcvbuf: [4, 'u32'],
    wmemAlloc: [8, 'u32'],
    sndbuf: [12, 'u32'],
    fwdAlloc: [16, 'u32'],
    wmemQueued: [20, 'u32'],
    optmem: [24, 'u32'],
    backlog: [28, 'u32'],
    drops: [32, 'u32'],
  },
  28,
);

/** struct tcpvegas_info. */
export const vegasInfoStruct = structSpec('tcpvegas_info', 16, {
  enabled: [0, 'u32'],
  rttcnt: [4, 'u32'],
  rtt: [8, 'u32'],
  minrtt: [12, 'u32'],
});

/** struct tcp_dctcp_info. */
export const dctcpInfoStruct = structSpec('tcp_dctcp_info', 16, {
  enabled: [0, 'u16'],
  ceState: [2, 'u16'],
  alpha: [4, 'u32'],
  abEcn: [8, 'u32'],
  abTot: [12, 'u32'],
});

/** struct tcp_bbr_info (bw as its two halves, joined by the decoder). */
export const bbrInfoStruct = structSpec('tcp_bbr_info', 20, {
  bwLo: [0, 'u32'],
  bwHi: [4, 'u32'],
  minRtt: [8, 'u32'],
  pacingGain: [12, 'u32'],
  cwndGain: [16, 'u32'],
});

/** struct unix_diag_vfs. */
export const unixVfsStruct = structSpec('unix_diag_vfs', 8, { inode: [0, 'u32'], device: [4, 'u32'] });

/** struct unix_diag_rqlen. */
export const unixRqlenStruct = structSpec('unix_diag_rqlen', 8, { receiveQueue: [0, 'u32'], sendQueue: [4, 'u32'] });

/** struct packet_diag_info. */
export const packetInfoStruct = structSpec('packet_diag_info', 24, {
  index: [0, 'u32'],
  version: [4, 'u32'],
  reserve: [8, 'u32'],
  copyThresh: [12, 'u32'],
  tstamp: [16, 'u32'],
  flags: [20, 'u32'],
});

/** struct packet_diag_ring. */
export const packetRingStruct = structSpec('packet_diag_ring', 28, {
  blockSize: [0, 'u32'],
  blockNr: [4, 'u32'],
  frameSize: [8, 'u32'],
  frameNr: [12, 'u32'],
  retireTmo: [16, 'u32'],
  sizeofPriv: [20, 'u32'],
  features: [24, 'u32'],
});
