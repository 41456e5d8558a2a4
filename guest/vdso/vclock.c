/* The vDSO's time functions, for both ABIs: time from the TSC and the
 * kernel's clock data in the image (shared/vdso_clock.h), without
 * entering the kernel; the system call for what that cannot answer
 * (CPU-time clocks, unknown ids, a TSC of unknown frequency). */
#include <stdint.h>

#include "../../shared/linux_clock.h"
#include "../../shared/linux_syscall_nr.h"
#include "../../shared/vdso_clock.h"

/* The kernel fills it at boot (volatile: the image holds zeros; hidden:
 * not a symbol the vDSO exports). */
__attribute__((section(".cv_clock"), used, visibility("hidden")))
const volatile struct cv_vdso_clock cv_vdso_clock_data;

/* Where cv_vdso_clock_data is mapped (PC-relative: the vDSO lies anywhere). */
static inline const volatile struct cv_vdso_clock *data(void)
{
	const volatile struct cv_vdso_clock *p;
#ifdef __x86_64__
	__asm__("lea cv_vdso_clock_data(%%rip), %0" : "=r"(p));
#else
	__asm__("call 1f\n1:\tpop %0\n\taddl $cv_vdso_clock_data - 1b, %0" : "=r"(p));
#endif
	return p;
}

/* The TSC now. */
static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Nanoseconds on clock id as the kernel counts them, or -1 when the
 * system call must answer. */
static int64_t now_ns(uint32_t id)
{
	const volatile struct cv_vdso_clock *c = data();
	uint32_t khz = c->tsc_khz;
	enum cv_clock_base base = cv_clock_of(id);
	int64_t ns;

	if (khz == 0 || (base != CV_CLOCK_REAL && base != CV_CLOCK_MONO))
		return -1;
	ns = (int64_t)cv_tsc_cycles_ns(tsc() - c->tsc_at_boot, khz);
	if (base == CV_CLOCK_REAL)
		ns += c->realtime_at_boot;
	return ns < 0 ? -1 : ns; /* real time before 1970: the kernel's signed division */
}

/* System call nr with arguments a and b; the raw result (-errno). */
static long sys2(long nr, long a, long b)
{
	long ret;
#ifdef __x86_64__
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
#else
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b) : "memory");
#endif
	return ret;
}

#ifdef __x86_64__
#define NR(name) NR_X86_64_##name
#else
#define NR(name) NR_I386_##name
#endif

/* Seconds and the rest of ns (ns >= 0). */
static inline uint64_t split(int64_t ns, uint32_t *rest)
{
	return cv_div64_32((uint64_t)ns, CV_NS_PER_SEC, rest);
}

struct ts64 {
	int64_t sec, nsec;
};

/* clock_gettime with a 64-bit timespec (x86-64's; i386's clock_gettime64). */
static long gettime64(uint32_t id, struct ts64 *ts, long nr)
{
	int64_t ns = now_ns(id);
	uint32_t rest;

	if (ns < 0)
		return sys2(nr, id, (long)ts);
	ts->sec = (int64_t)split(ns, &rest);
	ts->nsec = rest;
	return 0;
}

/* gettimeofday's answer for tv (seconds and microseconds, each of width
 * T); the time zone (tz), which settimeofday may set, from the kernel. */
#define GETTIMEOFDAY(T, tv, tz, nr)                                      \
	do {                                                             \
		int64_t ns = now_ns(LINUX_CLOCK_REALTIME);               \
		uint32_t rest;                                           \
		if (ns < 0 || (tz))                                      \
			return sys2(nr, (long)(tv), (long)(tz));         \
		if (tv) {                                                \
			(tv)[0] = (T)split(ns, &rest);                   \
			(tv)[1] = (T)(rest / 1000);                      \
		}                                                        \
		return 0;                                                \
	} while (0)

#ifdef __x86_64__
long __vdso_clock_gettime(uint32_t id, struct ts64 *ts)
{
	return gettime64(id, ts, NR(clock_gettime));
}

long __vdso_gettimeofday(int64_t *tv, int32_t *tz)
{
	GETTIMEOFDAY(int64_t, tv, tz, NR(gettimeofday));
}

long __vdso_time(int64_t *t)
{
	int64_t ns = now_ns(LINUX_CLOCK_REALTIME), s;

	if (ns < 0)
		return sys2(NR(time), (long)t, 0);
	s = (int64_t)split(ns, 0);
	if (t)
		*t = s;
	return s;
}

/* The plain names, as Linux's vDSO has them too. */
extern __typeof(__vdso_clock_gettime) clock_gettime __attribute__((weak, alias("__vdso_clock_gettime")));
extern __typeof(__vdso_gettimeofday) gettimeofday __attribute__((weak, alias("__vdso_gettimeofday")));
extern __typeof(__vdso_time) time __attribute__((weak, alias("__vdso_time")));
#else
long __vdso_clock_gettime(uint32_t id, int32_t *ts)
{
	int64_t ns = now_ns(id);
	uint32_t rest;

	if (ns < 0)
		return sys2(NR(clock_gettime), (long)id, (long)ts);
	ts[0] = (int32_t)split(ns, &rest); /* the kernel's truncation too */
	ts[1] = (int32_t)rest;
	return 0;
}

long __vdso_clock_gettime64(uint32_t id, struct ts64 *ts)
{
	return gettime64(id, ts, NR(clock_gettime64));
}

long __vdso_gettimeofday(int32_t *tv, int32_t *tz)
{
	GETTIMEOFDAY(int32_t, tv, tz, NR(gettimeofday));
}

long __vdso_time(int32_t *t)
{
	int64_t ns = now_ns(LINUX_CLOCK_REALTIME);
	int32_t s;

	if (ns < 0)
		return sys2(NR(time), (long)t, 0);
	s = (int32_t)split(ns, 0);
	if (t)
		*t = s;
	return s;
}
#endif
