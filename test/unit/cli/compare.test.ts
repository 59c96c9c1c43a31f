// The field-by-field comparison the CLI kernel tests rely on must report every kind of difference.
import { expect } from 'chai';
import { differences } from '../../kernel/cli/compare';

describe('cli test helper: differences', () => {
  it('finds nothing between equal objects and reports changed, missing and extra fields', () => {
    expect(differences([{ a: 1, b: ['x'] }], [{ a: 1, b: ['x'] }])).to.deep.equal([]);
    expect(differences([{ a: 1 }], [{ a: 2 }])).to.deep.equal(['[0] a: ours 1, ip 2']);
    expect(differences({ a: 1 }, { a: 1, b: 2 })).to.deep.equal(['b: missing in ours (ip: 2)']);
    expect(differences({ a: 1, c: 3 }, { a: 1 })).to.deep.equal(['c: ours has 3, ip has no such field']);
    expect(differences({ l: [1, 2] }, { l: [1] })).to.have.length(1);
    expect(differences({ n: null }, { n: null })).to.deep.equal([]);
    expect(differences({ o: { p: 'x' } }, { o: { p: 'y' } })).to.deep.equal(['o.p: ours "x", ip "y"']);
  });

  it('applies tolerances and skips by path, for every element of a list', () => {
    const rules = { close: { 'addr_info.valid_life_time': 2 }, skip: { stats: 'changes' } };
    expect(differences({ addr_info: [{ valid_life_time: 99 }], stats: 1 }, { addr_info: [{ valid_life_time: 100 }], stats: 2 }, rules)).to.deep.equal([]);
    expect(differences({ addr_info: [{ valid_life_time: 90 }] }, { addr_info: [{ valid_life_time: 100 }] }, rules)).to.have.length(1);
  });
});
