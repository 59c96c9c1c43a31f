'use strict';
// Reduces a V8 .cpuprofile (node --cpu-prof) to the functions with the most self time, so a benchmark run can
// say where the library spends its time without opening a profiler UI.

/** @returns rows { function, location, 'self ms', '%' } sorted by self time, at most `top` of them. */
function summarizeProfile(profile, top) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  for (let i = 0; i < samples.length; i++) {
    selfMicros.set(samples[i], (selfMicros.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  }
  const perFunction = new Map();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id);
    const file = callFrame.url ? callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/') : '';
    const key = `${callFrame.functionName || '(anonymous)'}\0${file}:${callFrame.lineNumber + 1}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + micros);
    total += micros;
  }
  return [...perFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => {
      const [name, location] = key.split('\0');
      return { function: name, location, 'self ms': (micros / 1000).toFixed(1), '%': ((100 * micros) / total).toFixed(1) };
    });
}

module.exports = { summarizeProfile };
