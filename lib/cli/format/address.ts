// An address as the addr_info entries of `ip [-j] addr show` print it (iproute2's print_addrinfo).
import { ADDRESS_FAMILIES, ADDRESS_FLAGS, ROUTE_SCOPES } from '../../route/constants';
import type { Address } from '../../route/messages/address';
import { ADDRESS_FLAGS as IP_ADDRESS_FLAGS, IFA_F_DEPRECATED, IFA_F_PERMANENT, IFA_F_SECONDARY, familyName, scopeName } from './names';
import { Printed } from './printer';
import { bitsOf, codeOf } from './values';

const AF_INET6 = 10;
const INFINITY_LIFE_TIME = 0xffffffff;

export interface AddressFormatOptions {
  deleted?: boolean;
}

/** One addr_info entry; the text is ip's "    inet ADDR/LEN ... \n       valid_lft ..." pair of lines. */
export function formatAddress(address: Address, options: AddressFormatOptions = {}): Printed {
  const out = new Printed();
  const family = codeOf(address.family, ADDRESS_FAMILIES);
  if (options.deleted) out.add('deleted', true, 'Deleted ');
  out.add('family', familyName(family), `    ${familyName(family)} `);
  if (address.local !== undefined) {
    out.add('local', address.local, address.local);
    if (address.address !== undefined && address.address !== address.local) {
      out.say(' peer ').add('address', address.address, address.address);
    }
    out.add('prefixlen', address.prefixlen, `/${address.prefixlen} `);
    if (address.rtPriority !== undefined) out.add('metric', address.rtPriority, `metric ${address.rtPriority} `);
  } else if (address.address !== undefined) {
    // IPv6 addresses come with IFA_ADDRESS only; ip still prints them as "local".
    out.add('local', address.address, address.address).add('prefixlen', address.prefixlen, `/${address.prefixlen} `);
    if (address.rtPriority !== undefined) out.add('metric', address.rtPriority, `metric ${address.rtPriority} `);
  }
  if (address.broadcast !== undefined) out.say('brd ').add('broadcast', address.broadcast, `${address.broadcast} `);
  if (address.anycast !== undefined) out.say('any ').add('anycast', address.anycast, `${address.anycast} `);
  const scope = scopeName(codeOf(address.scope, ROUTE_SCOPES));
  out.add('scope', scope, `scope ${scope} `);

  const flags = bitsOf(address.flags, ADDRESS_FLAGS);
  let rest = flags;
  for (const [mask, name] of IP_ADDRESS_FLAGS) {
    if (mask === IFA_F_PERMANENT) {
      if (!(flags & mask)) out.add('dynamic', true, 'dynamic ');
    } else if (flags & mask) {
      const shown = mask === IFA_F_SECONDARY && family === AF_INET6 ? 'temporary' : name;
      out.add(shown, true, `${shown} `);
    }
    rest &= ~mask;
  }
  if (rest) out.key('ifa_flags_extra', rest.toString(16).padStart(2, '0')).say(`flags ${rest.toString(16).padStart(2, '0')} `);
  if (address.label !== undefined) out.add('label', address.label, address.label);

  if (address.cacheinfo !== undefined) {
    const { valid, preferred } = address.cacheinfo;
    out.say('\n       valid_lft ');
    if (valid === INFINITY_LIFE_TIME) out.key('valid_life_time', INFINITY_LIFE_TIME).say('forever');
    else out.add('valid_life_time', valid, `${valid}sec`);
    out.say(' preferred_lft ');
    if (preferred === INFINITY_LIFE_TIME) out.key('preferred_life_time', INFINITY_LIFE_TIME).say('forever');
    else {
      // ip prints a deprecated address's preferred lifetime as signed (it may have run out).
      const shown = flags & IFA_F_DEPRECATED ? preferred | 0 : preferred;
      out.add('preferred_life_time', shown, `${shown}sec`);
    }
  }
  out.say('\n');
  return out;
}
