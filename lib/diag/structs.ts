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
  /** idiag_rmem: bytes queued for receiving. */
  rmem: [0, 'u32'],
  /** idiag_wmem: bytes queued for sending. */
  wmem: [4, 'u32'],
  /** idiag_fmem: memory reserved ahead (forward alloc). */
  fmem: [8, 'u32'],
  /** idiag_tmem: bytes sent and not yet freed. */
  tmem: [12, 'u32'],
});

/** The u32 array of INET_DIAG_SKMEMINFO / UNIX_DIAG_MEMINFO / ... (SK_MEMINFO_*); 7 counters before 3.x added more. */
export const skMeminfoStruct = structSpec(
  'sk_meminfo',
  36,
  {
    /** SK_MEMINFO_RMEM_ALLOC: bytes queued for receiving. */
    rmemAlloc: [0, 'u32'],
    /** SK_MEMINFO_RCVBUF: the receive buffer's size (SO_RCVBUF). */
    rcvbuf: [4, 'u32'],
    /** SK_MEMINFO_WMEM_ALLOC: bytes of sent data not yet freed. */
    wmemAlloc: [8, 'u32'],
    /** SK_MEMINFO_SNDBUF: the send buffer's size (SO_SNDBUF). */
    sndbuf: [12, 'u32'],
    /** SK_MEMINFO_FWD_ALLOC: memory reserved ahead for the socket. */
    fwdAlloc: [16, 'u32'],
    /** SK_MEMINFO_WMEM_QUEUED: bytes queued for sending. */
    wmemQueued: [20, 'u32'],
    /** SK_MEMINFO_OPTMEM: memory for socket options and filters. */
    optmem: [24, 'u32'],
    /** SK_MEMINFO_BACKLOG: bytes in the backlog queue (0 on kernels that do not report it). */
    backlog: [28, 'u32'],
    /** SK_MEMINFO_DROPS: packets dropped (0 on kernels that do not report it). */
    drops: [32, 'u32'],
  },
  28,
);

/** struct tcpvegas_info. */
export const vegasInfoStruct = structSpec('tcpvegas_info', 16, {
  /** tcpv_enabled: Vegas is on (1) or off (0). */
  enabled: [0, 'u32'],
  /** tcpv_rttcnt: RTT samples in the last round. */
  rttcnt: [4, 'u32'],
  /** tcpv_rtt: the average RTT of the last round (µs). */
  rtt: [8, 'u32'],
  /** tcpv_minrtt: the lowest RTT seen (µs). */
  minrtt: [12, 'u32'],
});

/** struct tcp_dctcp_info. */
export const dctcpInfoStruct = structSpec('tcp_dctcp_info', 16, {
  /** dctcp_enabled: DCTCP is on (1) or off (0). */
  enabled: [0, 'u16'],
  /** dctcp_ce_state: the CE state of the last received segment. */
  ceState: [2, 'u16'],
  /** dctcp_alpha: the estimated fraction of marked bytes (scaled by 1024). */
  alpha: [4, 'u32'],
  /** dctcp_ab_ecn: bytes acknowledged with ECN-Echo in this window. */
  abEcn: [8, 'u32'],
  /** dctcp_ab_tot: bytes acknowledged in this window. */
  abTot: [12, 'u32'],
});

/** struct tcp_bbr_info (bw as its two halves, joined by the decoder). */
export const bbrInfoStruct = structSpec('tcp_bbr_info', 20, {
  /** bbr_bw_lo: the low 32 bits of the bandwidth estimate (bytes/s). */
  bwLo: [0, 'u32'],
  /** bbr_bw_hi: the high 32 bits of the bandwidth estimate. */
  bwHi: [4, 'u32'],
  /** bbr_min_rtt: the minimum RTT (µs). */
  minRtt: [8, 'u32'],
  /** bbr_pacing_gain: the pacing gain (scaled by 256). */
  pacingGain: [12, 'u32'],
  /** bbr_cwnd_gain: the congestion window gain (scaled by 256). */
  cwndGain: [16, 'u32'],
});

/** struct unix_diag_vfs. */
export const unixVfsStruct = structSpec('unix_diag_vfs', 8, {
  /** udiag_vfs_ino: the inode of the bound path. */
  inode: [0, 'u32'],
  /** udiag_vfs_dev: the device of the bound path. */
  device: [4, 'u32'],
});

/** struct unix_diag_rqlen. */
export const unixRqlenStruct = structSpec('unix_diag_rqlen', 8, {
  /** udiag_rqueue: bytes queued to be read (listeners: connections waiting for accept()). */
  receiveQueue: [0, 'u32'],
  /** udiag_wqueue: bytes queued to be sent (listeners: the accept backlog). */
  sendQueue: [4, 'u32'],
});

/** struct packet_diag_info. */
export const packetInfoStruct = structSpec('packet_diag_info', 24, {
  /** pdi_index: the interface index the socket is bound to (0: all). */
  index: [0, 'u32'],
  /** pdi_version: PACKET_VERSION (TPACKET_V1 0, V2 1, V3 2). */
  version: [4, 'u32'],
  /** pdi_reserve: PACKET_RESERVE, bytes reserved before each frame. */
  reserve: [8, 'u32'],
  /** pdi_copy_thresh: PACKET_COPY_THRESH. */
  copyThresh: [12, 'u32'],
  /** pdi_tstamp: PACKET_TIMESTAMP's flags. */
  tstamp: [16, 'u32'],
  /** pdi_flags: PDI_RUNNING, PDI_AUXDATA, PDI_ORIGDEV, PDI_VNETHDR, PDI_LOSS bits. */
  flags: [20, 'u32'],
});

/** struct packet_diag_ring. */
export const packetRingStruct = structSpec('packet_diag_ring', 28, {
  /** pdr_block_size: bytes per ring block. */
  blockSize: [0, 'u32'],
  /** pdr_block_nr: blocks in the ring. */
  blockNr: [4, 'u32'],
  /** pdr_frame_size: bytes per frame. */
  frameSize: [8, 'u32'],
  /** pdr_frame_nr: frames in the ring. */
  frameNr: [12, 'u32'],
  /** pdr_retire_tmo: TPACKET_V3's block timeout (ms). */
  retireTmo: [16, 'u32'],
  /** pdr_sizeof_priv: private bytes per block (TPACKET_V3). */
  sizeofPriv: [20, 'u32'],
  /** pdr_features: TPACKET_V3's feature bits. */
  features: [24, 'u32'],
});
