// scripts/bundle.js: a bundle loads modules as Node's own loader does (order, cycles, exports, __dirname, lazy
// requires, what lies outside the bundle), holds only what its entry can reach, and the package's bundles carry a
// code cache that the Node which built them accepts.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { Script } from 'vm';
import { skipWithReason } from '../helpers/netns';

const root = join(__dirname, '../../..');
const { bundle, cacheFile, writeCodeCache } = require(join(root, 'scripts/bundle.js')) as {
  bundle(libDir: string, entry: string, outDir: string, name: string, options?: { dynamicRequires?: string[] }): string[];
  cacheFile(outDir: string, name: string): string;
  writeCodeCache(outDir: string, name: string, keys: string[], warm?: (load: (key: string) => unknown) => void): number;
};

// A small library with what the compiled TypeScript does: a cycle, a require inside a function (run on first
// call only), a directory's index.js, `module.exports =` replaced, a JSON file and a Node module from outside.
const FIXTURE: Record<string, string> = {
  'package.json': '{ "name": "fixture" }',
  'lib/main.js': `'use strict';
    globalThis.ran.push('main');
    exports.early = 1;
    const b = require('./b');
    exports.b = b;
    exports.lazy = () => require('./lazy');
    exports.tryThrows = () => { try { require('./throws'); } catch (err) { return err.message; } };
    exports.sub = require('./sub');
    exports.where = [__filename, __dirname];
    exports.pkg = require('../package.json').name;
    exports.os = require('os').EOL;
    exports.strict = (function () { return this === undefined; })();`,
  'lib/b.js': `'use strict';
    globalThis.ran.push('b');
    const main = require('./main');
    exports.mainEarlyDuringCycle = main.early;
    exports.thisIsExports = this === exports;`,
  'lib/lazy.js': `'use strict';
    globalThis.ran.push('lazy');
    module.exports = { replaced: true, sameB: require('./b.js') === require('./sub/../b') };`,
  'lib/sub/index.js': `'use strict';
    globalThis.ran.push('sub');
    exports.where = __dirname;`,
  'lib/throws.js': `'use strict';
    globalThis.ran.push('throws');
    throw new Error('thrown while loading');`,
  'lib/unused.js': `'use strict'; globalThis.ran.push('unused');`,
};

// Loads `entry`, records what ran and what it exported, calls lazy(), and prints all of it as JSON.
const PROBE = `globalThis.ran = [];
  const m = require(process.argv[1]);
  const before = [...globalThis.ran];
  const lazy = m.lazy(), again = m.lazy();
  const thrown = [m.tryThrows(), m.tryThrows()];
  console.log(JSON.stringify({ before, after: globalThis.ran, exports: { ...m, lazy: undefined, tryThrows: undefined, b: { ...m.b } },
    lazy, same: lazy === again, thrown }));`;

describe('bundle (scripts/bundle.js)', () => {
  let dir: string;
  let keys: string[];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lnl-bundle-'));
    for (const [file, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    keys = bundle(join(dir, 'lib'), 'main.js', join(dir, 'out'), 'fixture');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const probe = (entry: string) => JSON.parse(execFileSync(process.execPath, ['-e', PROBE, entry], { encoding: 'utf8' }));

  it('holds what the entry can reach, entry first, and not the rest', () => {
    expect(keys[0]).to.equal('main.js');
    expect([...keys].sort()).to.deep.equal(['b.js', 'lazy.js', 'main.js', 'sub/index.js', 'throws.js']);
    expect(readFileSync(join(dir, 'out/fixture.modules.js'), 'utf8')).not.to.include('unused');
  });

  it("loads as Node's loader loads the same files: order, cycle, exports, paths, lazy require, outside files", () => {
    const node = probe(join(dir, 'lib/main.js'));
    const bundled = probe(join(dir, 'out/fixture.js'));
    expect(bundled).to.deep.equal(node);
    // And what Node does is what the fixture means to test (so the comparison above cannot hold vacuously).
    expect(node.before).to.deep.equal(['main', 'b', 'sub']);
    expect(node.after).to.deep.equal(['main', 'b', 'sub', 'lazy', 'throws', 'throws']);
    expect(node.thrown).to.deep.equal(['thrown while loading', 'thrown while loading']);
    expect(node.exports.b).to.deep.equal({ mainEarlyDuringCycle: 1, thisIsExports: true });
    expect(node.exports.where).to.deep.equal([join(dir, 'lib/main.js'), join(dir, 'lib')]);
    expect(node.exports.sub.where).to.equal(join(dir, 'lib/sub'));
    expect(node.exports).to.include({ pkg: 'fixture', strict: true });
    expect(node.lazy).to.deep.equal({ replaced: true, sameB: true });
    expect(node.same).to.equal(true);
  });

  it('refuses a require() of a computed path, unless the module is allowed one', () => {
    writeFileSync(join(dir, 'lib/computed.js'), `'use strict'; exports.x = require('./' + 'b');`);
    writeFileSync(join(dir, 'lib/entry2.js'), `'use strict'; require('./computed');`);
    expect(() => bundle(join(dir, 'lib'), 'entry2.js', join(dir, 'out2'), 'fixture')).to.throw(/computed\.js: a require\(\) of something other than a string literal/);
    expect(bundle(join(dir, 'lib'), 'entry2.js', join(dir, 'out2'), 'fixture', { dynamicRequires: ['computed.js'] })).to.deep.equal(['entry2.js', 'computed.js']);
  });

  it('writes no code cache unless asked (the entry then compiles from source)', () => {
    expect(existsSync(cacheFile(join(dir, 'out'), 'fixture'))).to.equal(false);
  });

  it('uses its code cache, but not once the modules file was edited after it (even keeping its length)', () => {
    const lib = join(dir, 'cached');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'main.js'), `'use strict'; exports.answer = function () { return 1 < 2 ? 'less' : 'more'; };`);
    const out = join(dir, 'out-cached');
    const keys = bundle(lib, 'main.js', out, 'cached');
    writeCodeCache(out, 'cached', keys, (load) => (load('main.js') as { answer(): string }).answer());
    const answer = () => execFileSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(join(out, 'cached.js'))}).answer())`], { encoding: 'utf8' }).trim();
    expect(answer()).to.equal('less');
    // The same length, another meaning: V8 alone would not notice.
    const modules = join(out, 'cached.modules.js');
    writeFileSync(modules, readFileSync(modules, 'utf8').replace('1 < 2', '1 > 2'));
    expect(answer()).to.equal('more');
    // Proof that the cache is in use at all, and that the date is what tells: an edited file dated before its cache
    // runs the cached bytecode.
    const cacheTime = statSync(cacheFile(out, 'cached')).mtime;
    utimesSync(modules, new Date(cacheTime.getTime() - 60_000), new Date(cacheTime.getTime() - 60_000));
    expect(answer()).to.equal('less');
  });

  for (const name of ['linux-netlink', 'cli']) {
    it(`the package's ${name} bundle has a code cache this Node accepts (when this Node built it)`, function () {
      const out = join(root, 'dist/bundle');
      const cache = cacheFile(out, name);
      // npm run test:node18 runs the tests on Node 18 over a build made by another Node.
      if (!existsSync(cache)) skipWithReason(this, `no code cache for this V8 (${process.versions.v8}): the package was built by another Node`);
      const file = join(out, `${name}.modules.js`);
      const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData: readFileSync(cache) });
      expect(script.cachedDataRejected).to.equal(false);
    });
  }
});
