'use strict';
// The lookup destinations, the same sequence route-lookup.c walks: FIRST, FIRST+1, ... cycling every SPAN.
function destinations(first, count, span) {
  const base = first.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const list = new Array(count);
  for (let i = 0; i < count; i++) {
    const a = base + (i % span);
    list[i] = `${Math.floor(a / 16777216)}.${Math.floor(a / 65536) % 256}.${Math.floor(a / 256) % 256}.${a % 256}`;
  }
  return list;
}

module.exports = { destinations };
