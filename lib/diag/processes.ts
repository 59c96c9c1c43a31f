// Which processes hold which sockets, from /proc/PID/fd (what `ss -p` shows): socket inode → owners.
import { promises as fs } from 'fs';

/** A process holding a socket: its pid, its command name (/proc/PID/comm) and the fd number. */
export interface SocketOwner {
  /** The process id. */
  pid: number;
  /** The process's command name (/proc/PID/comm). */
  command: string;
  /** The file descriptor the process holds the socket as. */
  fd: number;
}

/**
 * Maps socket inodes to the processes holding them, reading /proc/PID/fd of every process this one may see
 * (root sees all). Processes that exit meanwhile, and those whose fds may not be read, are skipped. Owners of
 * one socket are listed as ss lists them: highest pid first, then highest fd.
 */
export async function socketProcesses(proc = '/proc'): Promise<Map<number, SocketOwner[]>> {
  const owners = new Map<number, SocketOwner[]>();
  const pids = (await fs.readdir(proc)).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (pidText) => {
      let fds: string[];
      let command: string;
      try {
        fds = await fs.readdir(`${proc}/${pidText}/fd`);
        const stat = await fs.readFile(`${proc}/${pidText}/stat`, 'utf8');
        command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      } catch {
        return; // gone, or not ours to read
      }
      const pid = Number(pidText);
      await Promise.all(
        fds.map(async (fd) => {
          let target: string;
          try {
            target = await fs.readlink(`${proc}/${pidText}/fd/${fd}`);
          } catch {
            return;
          }
          if (!target.startsWith('socket:[')) return;
          const inode = Number(target.slice(8, -1));
          let list = owners.get(inode);
          if (!list) owners.set(inode, (list = []));
          list.push({ pid, command, fd: Number(fd) });
        }),
      );
    }),
  );
  for (const list of owners.values()) list.sort((a, b) => b.pid - a.pid || b.fd - a.fd);
  return owners;
}
