// The C library's wording of errno values, which ip prints ("RTNETLINK answers: No route to host"). Node only
// knows libuv's wording ("host is unreachable"), so the errors rtnetlink gives are spelled out here.
import { constants } from 'os';
import { errnoDescription } from '../core/errors';

const GLIBC: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  ENOSPC: 'No space left on device',
  ERANGE: 'Numerical result out of range',
  ENAMETOOLONG: 'File name too long',
  ENOSYS: 'Function not implemented',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  ENODATA: 'No data available',
  ENOLINK: 'Link has been severed',
  EPROTO: 'Protocol error',
  EMSGSIZE: 'Message too long',
  EPROTONOSUPPORT: 'Protocol not supported',
  EOPNOTSUPP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable',
  ENOBUFS: 'No buffer space available',
  ENOTCONN: 'Transport endpoint is not connected',
  ETIMEDOUT: 'Connection timed out',
  ECONNREFUSED: 'Connection refused',
  EHOSTDOWN: 'Host is down',
  EHOSTUNREACH: 'No route to host',
  EALREADY: 'Operation already in progress',
  EINPROGRESS: 'Operation now in progress',
};

const byNumber = new Map<number, string>();
for (const [name, text] of Object.entries(GLIBC)) {
  const errno = (constants.errno as Record<string, number>)[name];
  if (errno !== undefined) byNumber.set(errno, text);
}

/** strerror(errno) as glibc words it; libuv's text with a capital letter for anything not listed. */
export function strerror(errno: number): string {
  const known = byNumber.get(Math.abs(errno));
  if (known !== undefined) return known;
  const text = errnoDescription(errno);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
