// Prebuilds only: scripts/prebuild.js defines LINUX_NETLINK_PORTABLE_GLIBC as the architecture's first glibc symbol
// version (GLIBC_2.2.5 on x86-64, GLIBC_2.4 on 32-bit ARM, GLIBC_2.17 on arm64) and links with --wrap=SYMBOL for
// each symbol below. A prebuild must load with glibc 2.28 (Node 18's own floor), but the build host's glibc gives
// these symbols newer versions (the pthread functions moved into libc in 2.34) or has symbols 2.28 lacks. The
// references to them, from the addon and from the statically linked libstdc++, come here instead, and go on to
// the same function under its first version, which every glibc since has kept.
#ifdef LINUX_NETLINK_PORTABLE_GLIBC

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>

#define LINUX_NETLINK_STRING(x) #x
#define LINUX_NETLINK_VERSION(x) LINUX_NETLINK_STRING(x)
// References to first_NAME are bound to NAME@<first version>.
#define FIRST_VERSION(name) \
  __asm__(".symver first_" #name ", " #name "@" LINUX_NETLINK_VERSION(LINUX_NETLINK_PORTABLE_GLIBC))

extern "C" {

int first_pthread_create(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
int first_pthread_join(pthread_t, void**);
int first_pthread_detach(pthread_t);
int first_pthread_once(pthread_once_t*, void (*)(void));
int first_pthread_key_create(pthread_key_t*, void (*)(void*));
int first_pthread_key_delete(pthread_key_t);
void* first_pthread_getspecific(pthread_key_t);
int first_pthread_setspecific(pthread_key_t, const void*);
int first_pthread_sigmask(int, const sigset_t*, sigset_t*);
FIRST_VERSION(pthread_create);
FIRST_VERSION(pthread_join);
FIRST_VERSION(pthread_detach);
FIRST_VERSION(pthread_once);
FIRST_VERSION(pthread_key_create);
FIRST_VERSION(pthread_key_delete);
FIRST_VERSION(pthread_getspecific);
FIRST_VERSION(pthread_setspecific);
FIRST_VERSION(pthread_sigmask);

int __wrap_pthread_create(pthread_t* t, const pthread_attr_t* a, void* (*f)(void*), void* arg) {
  return first_pthread_create(t, a, f, arg);
}
int __wrap_pthread_join(pthread_t t, void** r) { return first_pthread_join(t, r); }
int __wrap_pthread_detach(pthread_t t) { return first_pthread_detach(t); }
int __wrap_pthread_once(pthread_once_t* o, void (*f)(void)) { return first_pthread_once(o, f); }
int __wrap_pthread_key_create(pthread_key_t* k, void (*d)(void*)) { return first_pthread_key_create(k, d); }
// libstdc++ looks at this weak symbol to tell whether threads are in use: they are.
int __wrap___pthread_key_create(pthread_key_t* k, void (*d)(void*)) { return first_pthread_key_create(k, d); }
int __wrap_pthread_key_delete(pthread_key_t k) { return first_pthread_key_delete(k); }
void* __wrap_pthread_getspecific(pthread_key_t k) { return first_pthread_getspecific(k); }
int __wrap_pthread_setspecific(pthread_key_t k, const void* v) { return first_pthread_setspecific(k, v); }
int __wrap_pthread_sigmask(int how, const sigset_t* set, sigset_t* old) { return first_pthread_sigmask(how, set, old); }

// glibc 2.32: libstdc++ skips atomic reference counting while the process has one thread. Saying "not single
// threaded" always is what it does on an older glibc.
char __wrap___libc_single_threaded = 0;

// glibc 2.34: a wait against another clock than the condition variable's. Converted to a deadline on the
// condition variable's own clock (CLOCK_REALTIME, libstdc++ never sets another).
int __wrap_pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock,
                                  const struct timespec* deadline) {
  struct timespec now, realNow;
  if (clock_gettime(clock, &now) != 0 || clock_gettime(CLOCK_REALTIME, &realNow) != 0) return EINVAL;
  int64_t left = (static_cast<int64_t>(deadline->tv_sec) - now.tv_sec) * 1000000000 + (deadline->tv_nsec - now.tv_nsec);
  if (left < 0) left = 0;
  int64_t at = static_cast<int64_t>(realNow.tv_sec) * 1000000000 + realNow.tv_nsec + left;
  struct timespec real;
  real.tv_sec = static_cast<time_t>(at / 1000000000);
  real.tv_nsec = static_cast<long>(at % 1000000000);
  return pthread_cond_timedwait(cond, mutex, &real);
}

// glibc 2.36: std::random_device's default source (the addon never makes one). getrandom is glibc 2.25.
uint32_t __wrap_arc4random(void) {
  uint32_t value = 0;
  while (getrandom(&value, sizeof value, 0) < 0 && errno == EINTR) {
  }
  return value;
}

}  // extern "C"

#endif  // LINUX_NETLINK_PORTABLE_GLIBC
