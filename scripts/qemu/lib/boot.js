'use strict';
// Boots the guest in QEMU, streams its console, and turns what it prints into a verdict:
// booted or not, kernel panic, the suite's LNQ-RESULT line, or a timeout (QEMU killed).
const { spawn } = require('child_process');
const { StringDecoder } = require('string_decoder');
const { StepError } = require('./process');

const MACHINES = {
  // The console is UART5 (ttyS4) on both boards; QEMU wires its first serial backend to it.
  'romulus-bmc': { dtb: 'aspeed-bmc-opp-romulus.dtb', console: 'ttyS4', memory: '512M' },
  'ast2500-evb': { dtb: 'aspeed-ast2500-evb.dtb', console: 'ttyS4', memory: '512M' },
};

// Built-in drivers would otherwise create default devices (dummy0, bond0, ifb0, tunl0, gre0...) and
// put them in every new namespace; tests must not see links they did not make.
const QUIET_DEFAULT_DEVICES = ['dummy.numdummies=0', 'bonding.max_bonds=0', 'ifb.numifbs=0',
  'sysctl.net.core.fb_tunnels_only_for_init_net=2'];

// The first MAC gets QEMU's user-mode backend, whose NC-SI responder answers the guest's NC-SI probes (Romulus
// wires mac0 to NC-SI); restrict=on keeps every packet inside QEMU: the guest reaches no network.
const NIC = ['-nic', 'user,restrict=on'];

function qemuArgs({ machine, zImage, dtb, initrd, shell, stock, extraCmdline = [] }) {
  const m = MACHINES[machine];
  const cmdline = [`console=${m.console},115200n8`, 'rdinit=/init', 'panic=-1', ...QUIET_DEFAULT_DEVICES,
    `lnq.mode=${shell ? 'shell' : 'test'}`, `lnq.stock=${stock ? 1 : 0}`, ...extraCmdline];
  return ['-M', machine, '-m', m.memory, '-nographic', '-no-reboot', '-kernel', zImage, '-dtb', dtb,
    '-initrd', initrd, '-append', cmdline.join(' '), ...NIC];
}

/**
 * Runs QEMU to completion. Resolves { result, release, guestMachine, exitStatus, seconds } or rejects with
 * StepError('boot' | 'panic' | 'timeout' | 'tests').
 */
function boot(options, { log, timeoutSeconds, bootTimeoutSeconds = 180, echo = (line) => process.stdout.write(`${line}\n`) }) {
  const args = qemuArgs(options);
  log(`$ qemu-system-arm ${args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}`);
  if (options.shell) {
    return new Promise((resolve) => {
      const child = spawn('qemu-system-arm', args, { stdio: 'inherit' });
      child.on('close', (code) => resolve({ exitStatus: code }));
    });
  }
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('qemu-system-arm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const state = { booted: false, result: null, exitStatus: null, release: null, guestMachine: null, panic: null, failures: [], lastLines: [] };
    let failure = null;
    const kill = (err) => {
      if (!failure) failure = err;
      child.kill('SIGKILL');
    };
    const bootTimer = setTimeout(() => {
      if (!state.booted) kill(new StepError('boot', `the guest did not reach /init within ${bootTimeoutSeconds} s; QEMU killed`));
    }, bootTimeoutSeconds * 1000);
    const hardTimer = setTimeout(() => kill(new StepError('timeout',
      `time limit of ${timeoutSeconds} s reached ${state.booted ? 'while the suite ran' : 'before the guest booted'}; QEMU killed (raise it with --timeout)`)),
    timeoutSeconds * 1000);

    let pending = '';
    // One decoder per stream: a UTF-8 character may be split across two chunks.
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const onLine = (raw) => {
      const line = raw.replace(/\r$/, '');
      echo(line);
      state.lastLines.push(line);
      if (state.lastLines.length > 40) state.lastLines.shift();
      let match;
      if ((match = /^LNQ-BOOTED release=(\S+) machine=(\S+)/.exec(line))) {
        state.booted = true;
        state.release = match[1];
        state.guestMachine = match[2];
      } else if ((match = /^LNQ-RESULT (\{.*\})/.exec(line))) {
        try { state.result = JSON.parse(match[1]); } catch { /* reported below as a missing result */ }
      } else if ((match = /^LNQ-FAIL (.*)/.exec(line))) {
        state.failures.push(match[1]);
      } else if ((match = /^LNQ-EXIT status=(\d+)/.exec(line))) {
        state.exitStatus = Number(match[1]);
      } else if ((match = /Kernel panic - not syncing: (.*)/.exec(line))) {
        state.panic = match[1];
      }
    };
    const take = (stream) => (chunk) => {
      pending += decoders[stream].write(chunk);
      const lines = pending.split('\n');
      pending = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    child.on('error', (err) => reject(new StepError('boot', `cannot start qemu-system-arm: ${err.message}`)));
    child.on('close', (code, signal) => {
      clearTimeout(bootTimer);
      clearTimeout(hardTimer);
      if (pending) onLine(pending);
      const seconds = Math.round((Date.now() - started) / 1000);
      const tail = state.lastLines.slice(-15).join('\n');
      const fail = (err) => reject(Object.assign(err, { state }));
      if (failure) return fail(Object.assign(failure, { details: tail }));
      if (state.panic) {
        return fail(new StepError('panic', `kernel panic ${state.booted ? 'while the suite ran' : 'during boot'}: ${state.panic}`, tail));
      }
      if (!state.booted) return fail(new StepError('boot', `QEMU exited (${signal || `status ${code}`}) before the guest reached /init`, tail));
      if (!state.result) {
        return fail(new StepError('tests', `the guest's test runner ended without a result (exit status ${state.exitStatus})`, tail));
      }
      resolve({ ...state, seconds });
    });
  });
}

module.exports = { boot, MACHINES, qemuArgs };
