// Link-layer (MAC) addresses as colon-separated hex, of any length.
import { EncodeError } from '../errors';
import { Codec } from '../spec/types';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A link-layer address of any length as colon-separated hex ('02:00:00:00:00:01'), as iproute2 prints it. */
export const linkLayerAddress: Codec<string> = {
  kind: 'codec',
  name: 'link-layer address',
  decode(buf, start, end) {
    let s = '';
    for (let i = start; i < end; i++) s += i === start ? HEX[buf[i]] : ':' + HEX[buf[i]];
    return s;
  },
  encode(value) {
    if (typeof value !== 'string' || (value !== '' && !/^[0-9a-fA-F]{1,2}([:-][0-9a-fA-F]{1,2})*$/.test(value))) {
      throw new EncodeError(`'${String(value)}' is not a link-layer address (like 02:00:00:00:00:01)`);
    }
    return value === '' ? Buffer.alloc(0) : Buffer.from(value.split(/[:-]/).map((h) => parseInt(h, 16)));
  },
};

/** A packed array of integers (IFLA_INET_CONF, IFLA_INET6_CONF): decoded as number[]. */
