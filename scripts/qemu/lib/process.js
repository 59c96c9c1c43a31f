'use strict';
// Child processes for the QEMU pipeline: every command either succeeds or throws a StepError that says
// which step failed and where its log is, so run.js can print one clear message per failure kind.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');

class StepError extends Error {
  constructor(kind, message, details) {
    super(message);
    this.name = 'StepError';
    this.kind = kind;          // 'host-packages' | 'kernel-build' | 'rootfs' | 'boot' | 'tests' | 'timeout' | 'usage' | ...
    this.details = details;    // extra text (e.g. the tail of a log) shown under the message
  }
}

/** Runs a command and returns its stdout; throws StepError(kind) with stderr on failure. */
function capture(command, args, { kind = 'host', cwd, env, input, allowFailure = false } = {}) {
  const result = spawnSync(command, args, {
    cwd, env, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    if (allowFailure) return null;
    throw new StepError(kind, `cannot run ${command}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    if (allowFailure) return null;
    throw new StepError(kind, `${command} ${args.join(' ')} exited with ${result.status}`, result.stderr.trim());
  }
  return result.stdout;
}

function tailOfFile(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Runs a long command with its output appended to logFile (not the terminal: a kernel build prints
 * thousands of lines). onLine sees each output line, for progress reports.
 */
function runLogged(command, args, { kind, cwd, env, logFile, onLine } = {}) {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'a');
    fs.writeSync(log, `$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const take = (chunk) => {
      fs.writeSync(log, chunk);
      if (!onLine) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => {
      fs.closeSync(log);
      reject(new StepError(kind, `cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      fs.closeSync(log);
      if (code === 0) return resolve();
      reject(new StepError(kind, `${command} ${args.slice(0, 4).join(' ')}... failed (${signal || `exit ${code}`}); log: ${logFile}`,
        tailOfFile(logFile, 30)));
    });
  });
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

module.exports = { StepError, capture, runLogged, commandExists, tailOfFile };
