// Generic netlink's fixed numbers (linux/genetlink.h, linux/netlink.h's policy attributes).

/** The controller's (nlctrl's) family id, fixed by the kernel. */
export const GENL_ID_CTRL = 0x10;
/** nlctrl's `notify` multicast group: the kernel registers it first, at the controller's own id. */
export const GENL_CTRL_NOTIFY_GROUP = 0x10;
/** sizeof(struct genlmsghdr): cmd (u8), version (u8), reserved (u16). */
export const GENL_HDRLEN = 4;

/** nlctrl's commands (CTRL_CMD_*). */
export const enum CtrlCommand {
  /** A family's description: the reply to GetFamily, and the notification that one was registered. */
  NewFamily = 1,
  /** Notification that a family was unregistered (its module unloaded). */
  DelFamily = 2,
  /** Asks for one family by name or id, or dumps them all. */
  GetFamily = 3,
  /** In the uapi but unused: the kernel neither sends nor accepts it. */
  NewOps = 4,
  /** In the uapi but unused: the kernel neither sends nor accepts it. */
  DelOps = 5,
  /** In the uapi but unused: the kernel answers EOPNOTSUPP (operations come with GetFamily). */
  GetOps = 6,
  /** Notification that a family gained a multicast group. */
  NewMcastGrp = 7,
  /** Notification that a family lost a multicast group. */
  DelMcastGrp = 8,
  /** In the uapi but unused: the kernel answers EOPNOTSUPP (groups come with GetFamily). */
  GetMcastGrp = 9,
  /** Dumps the attribute policies of a family (or one of its operations): what the kernel accepts. */
  GetPolicy = 10,
}

/** The controller's own version, sent in its requests' genl header. */
export const CTRL_VERSION = 2;

/** What an operation allows (GENL_* op flags in CTRL_ATTR_OP_FLAGS). */
export const OP_FLAG_NAMES = {
  0x01: 'admin-perm',
  0x02: 'cmd-cap-do',
  0x04: 'cmd-cap-dump',
  0x08: 'cmd-cap-haspol',
  0x10: 'uns-admin-perm',
} as const;

/** Attribute types a policy reports (enum netlink_attribute_type), by their value. */
export const POLICY_TYPE_NAMES = [
  'invalid',
  'flag',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'binary',
  'string',
  'nul-string',
  'nested',
  'nested-array',
  'bitfield32',
  'sint',
  'uint',
] as const;

/** A policy's attribute type name ('u32', 'nested', ...). */
export type PolicyAttributeType = (typeof POLICY_TYPE_NAMES)[number];
