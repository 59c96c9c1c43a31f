'use strict';
// `npm run docs`: the API reference into docs/api/ (TypeDoc, configured in typedoc.config.mjs), every warning an
// error. On failure, says what to do about the commonest one: a symbol without TSDoc.
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const typedoc = path.join(root, 'node_modules/typedoc/bin/typedoc');
const run = spawnSync(process.execPath, [typedoc, ...process.argv.slice(2)], { cwd: root, encoding: 'utf8' });
const output = `${run.stdout}${run.stderr}`;
process.stdout.write(output);
if (run.status !== 0) {
  const undocumented = output.split('\n').filter((line) => line.includes('does not have any documentation'));
  if (undocumented.length > 0) {
    console.error(`docs: ${undocumented.length} exported symbols or public members have no TSDoc comment (named above): ` +
      'add a /** ... */ comment above each declaration.');
  }
  if (output.includes('marked as intentionally not documented')) {
    console.error('docs: entries of docs/undocumented.txt (named above) are documented now or gone: remove them from the list.');
  }
  process.exit(run.status ?? 1);
}
console.log(`docs: the API reference is in ${path.join('docs', 'api', 'index.html')}`);
