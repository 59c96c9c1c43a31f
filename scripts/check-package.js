'use strict';
// Checks the package as npm would publish it (`npm run lint:package`, in CI after `npm test`, on a built dist/):
// - the tarball holds only JavaScript that loads: every .js/.mjs/.cjs file in it is an entry (package.json's
//   main, exports, bin, the install script) or is loaded by one (the entries are loaded here, each family touched, and every file
//   they read is recorded); a file nothing loads fails the check, named;
// - it holds every declaration file the types need (all of dist/lib's and dist/esm's .d.ts / .d.mts);
// - arethetypeswrong (`require` and `import` both get types of their own module format) and publint (strict)
//   find nothing.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const failures = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lnl-pack-'));
try {
  // --ignore-scripts: the tarball of the dist/ that is there (prepare would rebuild it).
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' }),
  )[0];
  const tarball = path.join(tmp, packed.filename);
  const files = packed.files.map((f) => f.path);
  const size = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`check-package: ${packed.filename}: ${files.length} files, ${size(packed.size)} packed, ${size(packed.unpackedSize)} unpacked`);

  // Every file the entries read when loaded and used, recorded by a child process (its own module cache).
  const recorder = `
    const fs = require('fs');
    const path = require('path');
    const seen = new Set();
    const readFileSync = fs.readFileSync;
    fs.readFileSync = function (file, ...rest) {
      if (typeof file === 'string') seen.add(path.resolve(file));
      return readFileSync.call(this, file, ...rest);
    };
    (async () => {
      const pkg = require('./package.json');
      const lib = require(path.resolve(pkg.exports['.'].require.default));
      for (const name of Object.keys(lib)) void lib[name]; // each family loads on first use of one of its names
      for (const family of [lib.route, lib.uevent]) for (const name of Object.keys(family)) void family[name];
      const esm = await import(path.resolve(pkg.exports['.'].import.default));
      if (esm.RouteClient !== lib.RouteClient) throw new Error('import and require give different classes');
      seen.add(path.resolve(pkg.exports['.'].import.default));
      for (const bin of Object.values(pkg.bin)) {
        seen.add(path.resolve(bin));
        // What the command line's launcher loads (requiring the launcher itself would run the command).
        for (const [, target] of readFileSync(bin, 'utf8').matchAll(/require\\('([^']+)'\\)/g)) {
          require(path.resolve(path.dirname(bin), target));
        }
      }
      // npm install's step: what it loads (its main() runs only as a script).
      const install = /^node (\\S+)$/.exec(pkg.scripts.install ?? '');
      if (install) require(path.resolve(install[1]));
      for (const file of Object.keys(require.cache)) seen.add(file);
      process.stdout.write(JSON.stringify([...seen]));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const loaded = new Set(
    JSON.parse(execFileSync(process.execPath, ['-e', recorder], { cwd: root, encoding: 'utf8' })).map((f) => path.relative(root, f)),
  );
  const unloaded = files.filter((f) => /\.(js|mjs|cjs)$/.test(f) && !loaded.has(f));
  if (unloaded.length > 0) {
    failures.push(`the tarball holds ${unloaded.length} JavaScript files that nothing loads (drop them from package.json "files"):\n` +
      unloaded.map((f) => `    ${f}`).join('\n'));
  }

  const declarations = [];
  const walk = (dir) => {
    if (!fs.existsSync(path.join(root, dir))) return;
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.d\.m?ts$/.test(e.name)) declarations.push(rel);
    }
  };
  walk('dist/lib');
  walk('dist/esm');
  const missing = declarations.filter((f) => !files.includes(f));
  if (declarations.length === 0) failures.push('no declaration files under dist/: build first (npm run build:ts)');
  if (missing.length > 0) failures.push(`declaration files missing from the tarball:\n${missing.map((f) => `    ${f}`).join('\n')}`);
  console.log(`check-package: ${files.filter((f) => /\.(js|mjs|cjs)$/.test(f)).length} JavaScript files, all loaded: ${unloaded.length === 0}; ` +
    `${declarations.length - missing.length} of ${declarations.length} declaration files`);

  const bin = (name) => path.join(root, 'node_modules/.bin', name);
  for (const [name, args] of [
    ['attw', [tarball, '--format', 'ascii']],
    ['publint', ['run', tarball, '--strict']],
  ]) {
    console.log(`check-package: ${name} ${args.map((a) => path.basename(a)).join(' ')}`);
    try {
      execFileSync(bin(name), args, { cwd: root, stdio: 'inherit' });
    } catch {
      failures.push(`${name} reported problems (above)`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (failures.length > 0) {
  for (const f of failures) console.error(`check-package: ${f}`);
  process.exit(1);
}
console.log('check-package: ok');
