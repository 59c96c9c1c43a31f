'use strict';
// The type checks of `npm test`, on the declaration files the build wrote (dist/lib, dist/esm):
// - test/types compiles with `tsc --strict --noEmit` through the package's own exports map, as a user's program
//   (CommonJS and ES module) would: the uses that must compile do, and each `@ts-expect-error` misuse is refused;
// - no public function or method returns a type an editor prints longer than 400 characters (scripts/type-lengths.js);
// - no `any` in the declarations of the public API beyond the spec model's few (scripts/public-any.js).
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
const run = (what, args) => {
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  } catch {
    console.error(`check-types: ${what} failed (above)`);
    process.exit(1);
  }
};
run('the type test (test/types)', [tsc, '-p', path.join(root, 'test/types/tsconfig.json')]);
run('the printed type lengths', [path.join(__dirname, 'type-lengths.js')]);
run('the public API without any', [path.join(__dirname, 'public-any.js')]);
console.log('check-types: test/types compiles (strict, CommonJS and ES module); every return type prints short; no new any');
