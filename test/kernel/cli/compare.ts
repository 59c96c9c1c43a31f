// Field-by-field comparison of our JSON with iproute2's for the same objects. Paths are dot-joined keys with
// array indexes left out ("addr_info.valid_life_time"), so a rule covers every element of a list.
export interface CompareRules {
  /** Fields not compared, each with the reason (printed in the test title so the skip list is visible). */
  skip?: Record<string, string>;
  /** Numeric fields that may drift between the two runs (lifetimes, timers), with the tolerance. */
  close?: Record<string, number>;
}

export function differences(ours: unknown, theirs: unknown, rules: CompareRules = {}, path = ''): string[] {
  const here = path === '' ? '(top)' : path;
  if (rules.skip && path in rules.skip) return [];
  if (rules.close && path in rules.close && typeof ours === 'number' && typeof theirs === 'number') {
    return Math.abs(ours - theirs) <= rules.close[path] ? [] : [`${here}: ours ${ours}, ip ${theirs} (tolerance ${rules.close[path]})`];
  }
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours)) return [`${here}: ours ${JSON.stringify(ours)}, ip an array`];
    if (ours.length !== theirs.length) return [`${here}: ours has ${ours.length} elements, ip ${theirs.length}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`];
    return theirs.flatMap((item, i) => differences(ours[i], item, rules, path).map((d) => d.replace(/^/, `[${i}] `)));
  }
  if (theirs !== null && typeof theirs === 'object') {
    if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) return [`${here}: ours ${JSON.stringify(ours)}, ip an object`];
    const o = ours as Record<string, unknown>;
    const t = theirs as Record<string, unknown>;
    const out: string[] = [];
    for (const key of new Set([...Object.keys(t), ...Object.keys(o)])) {
      const sub = path === '' ? key : `${path}.${key}`;
      if (rules.skip && sub in rules.skip) continue;
      if (!(key in o)) out.push(`${sub}: missing in ours (ip: ${JSON.stringify(t[key])})`);
      else if (!(key in t)) out.push(`${sub}: ours has ${JSON.stringify(o[key])}, ip has no such field`);
      else out.push(...differences(o[key], t[key], rules, sub));
    }
    return out;
  }
  return Object.is(ours, theirs) ? [] : [`${here}: ours ${JSON.stringify(ours)}, ip ${JSON.stringify(theirs)}`];
}

/** A title suffix listing what a comparison leaves out and why. */
export function skipNote(rules: CompareRules): string {
  const skipped = Object.entries(rules.skip ?? {}).map(([field, why]) => `${field} (${why})`);
  return skipped.length ? ` [not compared: ${skipped.join('; ')}]` : '';
}
