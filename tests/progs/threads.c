/* threads: POSIX threads as Linux runs them: create and join with
 * results, a mutex and condition variable, __thread variables, getpid and
 * gettid, detached threads, the main thread's pthread_exit, exit_group and
 * a fault in a thread ending the process, kill() and pthread_kill() to a
 * thread, fork and execve from a thread, and many create/join cycles.
 * Each case runs in a child (cases.h); prints "threads: N of N as
 * expected", the same on the host. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define NTHREADS 8
#define CYCLES   600

static const char *self_path;

/* The calling thread's id. */
static pid_t tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* The "Threads:" count in /proc/self/status (-1 when unreadable). */
static int proc_threads(void)
{
	char line[128];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* Create a thread, or end the case as WRONG when that fails (instead of
 * waiting for a thread that never runs). */
static void start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg) != 0)
		_exit(1);
}

/* Thread: the sum 1..n for its argument n. */
static void *sum_to(void *arg)
{
	long n = (long)arg, s = 0;

	for (long i = 1; i <= n; i++)
		s += i;
	return (void *)s;
}

/* NTHREADS threads, each joined with its own result. */
static int create_join(void)
{
	pthread_t t[NTHREADS];
	int ok = 1;

	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, sum_to, (void *)(i * 100)) != 0)
			return 0;
	for (long i = 0; i < NTHREADS; i++) {
		void *r;
		ok &= pthread_join(t[i], &r) == 0 && (long)r == i * 100 * (i * 100 + 1) / 2;
	}
	return ok;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int finished;

/* Thread: add to counter under the lock, then tell the main thread. */
static void *add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 500 == 0)
			sched_yield();
	}
	pthread_mutex_lock(&lock);
	finished++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Four threads count under a mutex; the main thread waits on a condition. */
static int mutex_cond(void)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		start(&t[i], add_many, NULL);
	pthread_mutex_lock(&lock);
	while (finished < 4)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	return counter == 8000;
}

static __thread long tls_value = 42;

/* Thread: its own copy starts at the initial value; set it. */
static void *use_tls(void *arg)
{
	long start = tls_value;

	tls_value = (long)arg;
	sched_yield();
	return (void *)(long)(start == 42 && tls_value == (long)arg);
}

/* __thread variables: each thread has its own. */
static int thread_locals(void)
{
	pthread_t t[4];
	int ok = 1;

	tls_value = 7;
	for (long i = 0; i < 4; i++)
		start(&t[i], use_tls, (void *)(1000 + i));
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= r != NULL;
	}
	return ok && tls_value == 7;
}

/* Thread: 1 when getpid is the process's and gettid its own. */
static void *check_ids(void *arg)
{
	pid_t main_tid = (pid_t)(long)arg;

	return (void *)(long)(getpid() == main_tid && tid() != main_tid && tid() > 0);
}

/* getpid is the same in every thread, gettid differs; the main thread's is the pid. */
static int ids(void)
{
	pthread_t t;
	void *r;

	if (tid() != getpid())
		return 0;
	start(&t, check_ids, (void *)(long)getpid());
	pthread_join(t, &r);
	return r != NULL;
}

static int detached_done;

/* Thread: count itself done. */
static void *detached(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	detached_done++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Detached threads run and end without a join. */
static int detached_threads(void)
{
	pthread_attr_t a;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 5; i++) {
		pthread_t t;
		if (pthread_create(&t, &a, detached, NULL) != 0)
			return 0;
	}
	pthread_mutex_lock(&lock);
	while (detached_done < 5)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return 1;
}

/* Thread: outlive the main thread, then end the process with 0 when the
 * ids are still right. */
static void *outlive_main(void *arg)
{
	pid_t pid = (pid_t)(long)arg;

	usleep(20000);
	_exit(getpid() == pid && tid() != pid ? 0 : 1);
}

/* The main thread's pthread_exit leaves the others running. */
static int main_exits(void)
{
	pthread_t t;

	start(&t, outlive_main, (void *)(long)getpid());
	pthread_exit(NULL);
}

/* Run fn in a child process; its wait status. */
static int status_of(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	waitpid(pid, &status, 0);
	return status;
}

/* Thread: outlive the main thread, then end alone with 9 (exit, not exit_group). */
static void *exit_last(void *arg)
{
	(void)arg;
	usleep(20000);
	syscall(SYS_exit, 9);
	return NULL;
}

/* The main thread ends alone with 4, another thread last with 9. */
static int leader_then_thread(void)
{
	pthread_t t;

	start(&t, exit_last, NULL);
	syscall(SYS_exit, 4);
	return 0;
}

/* A process whose threads all end by exit has the last one's status (9),
 * as Linux 6.1 (not the main thread's). */
static int last_thread_status(void)
{
	int s = status_of(leader_then_thread);

	return WIFEXITED(s) && WEXITSTATUS(s) == 9;
}

/* Thread: end the whole process with status 3. */
static void *exit_three(void *arg)
{
	(void)arg;
	usleep(10000);
	exit(3);
}

/* Thread: wait forever. */
static void *forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL; /* not reached */
}

/* A process whose thread calls exit(3) while others wait. */
static int exit_from_thread(void)
{
	pthread_t t, u;

	start(&u, forever, NULL);
	start(&t, exit_three, NULL);
	pthread_join(u, NULL);
	return 9;
}

/* exit in a thread ends every thread with its status. */
static int exit_group_status(void)
{
	int s = status_of(exit_from_thread);

	return WIFEXITED(s) && WEXITSTATUS(s) == 3;
}

static volatile pid_t handled_by;

/* SIGUSR1/2's handler: note which thread ran it. */
static void note_thread(int sig)
{
	(void)sig;
	handled_by = tid();
}

/* Thread: unblock SIGUSR1, report its id, wait for signals. */
static void *take_usr1(void *arg)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	*(volatile pid_t *)arg = tid();
	for (;;)
		pause();
	return NULL; /* not reached */
}

/* kill(getpid()) is taken by the thread that does not block it. */
static int kill_to_process(void)
{
	volatile pid_t thread_tid = 0;
	sigset_t s;
	pthread_t t;

	signal(SIGUSR1, note_thread);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	start(&t, take_usr1, (void *)&thread_tid);
	while (thread_tid == 0)
		sched_yield();
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 2000 && handled_by == 0; i++)
		usleep(1000);
	return handled_by == thread_tid;
}

/* Thread: wait for SIGUSR1 with sigwait (blocked everywhere); 1 when it came. */
static void *wait_usr1(void *arg)
{
	sigset_t s;
	int sig = 0;

	(void)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	return (void *)(long)(sigwait(&s, &sig) == 0 && sig == SIGUSR1);
}

/* kill(getpid()) of a signal every thread blocks reaches the thread in sigwait. */
static int sigwait_thread(void)
{
	sigset_t s;
	pthread_t t;
	void *r;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	start(&t, wait_usr1, NULL);
	usleep(20000); /* let it wait (a signal sent before stays pending for it too) */
	kill(getpid(), SIGUSR1);
	pthread_join(t, &r);
	return r != NULL;
}

static volatile int go;

/* Thread: once told, see SIGUSR1 pending, unblock it and take it here;
 * 1 when it was pending. */
static void *unblock_later(void *arg)
{
	sigset_t s, pending;

	(void)arg;
	while (!go)
		sched_yield();
	sigpending(&pending);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL); /* the handler runs here and now */
	return (void *)(long)sigismember(&pending, SIGUSR1);
}

/* A signal sent to the process while every thread blocks it stays
 * pending for the process: every thread sees it, and the first that
 * unblocks it takes it. */
static int pending_for_process(void)
{
	sigset_t s, pending;
	pthread_t t;
	void *r;

	signal(SIGUSR1, note_thread);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	start(&t, unblock_later, NULL);
	kill(getpid(), SIGUSR1);
	sigpending(&pending);
	go = 1;
	pthread_join(t, &r);
	return r != NULL && sigismember(&pending, SIGUSR1) && handled_by != 0 && handled_by != tid();
}

/* Thread: report its id, wait for signals. */
static void *report_and_wait(void *arg)
{
	*(volatile pid_t *)arg = tid();
	for (;;)
		pause();
	return NULL; /* not reached */
}

/* pthread_kill reaches the thread chosen, among two. */
static int kill_to_thread(void)
{
	volatile pid_t a = 0, b = 0;
	pthread_t ta, tb;

	signal(SIGUSR2, note_thread);
	start(&ta, report_and_wait, (void *)&a);
	start(&tb, report_and_wait, (void *)&b);
	while (a == 0 || b == 0)
		sched_yield();
	pthread_kill(tb, SIGUSR2);
	for (int i = 0; i < 2000 && handled_by == 0; i++)
		usleep(1000);
	return handled_by == b && a != b;
}

/* Thread: fault on a null pointer. */
static void *fault(void *arg)
{
	usleep(10000);
	return (void *)(long)*(volatile int *)arg;
}

/* A fault in a thread kills the process (SIGSEGV, the case's expected signal). */
static int fault_in_thread(void)
{
	pthread_t t, u;

	start(&u, forever, NULL);
	start(&t, fault, NULL);
	pthread_join(u, NULL);
	return 0;
}

static pid_t forked_child;

/* Thread: fork a child that checks it has one thread and exits 5. */
static void *fork_child(void *arg)
{
	(void)arg;
	forked_child = fork();
	if (forked_child == 0)
		_exit(proc_threads() == 1 && getpid() == tid() ? 5 : 6);
	return (void *)(long)proc_threads();
}

/* fork in a thread: a one-thread child, which the main thread reaps. */
static int fork_in_thread(void)
{
	pthread_t t;
	void *r;
	int status = 0;

	start(&t, fork_child, NULL);
	sleep(0);
	pthread_join(t, &r);
	if (waitpid(forked_child, &status, 0) != forked_child)
		return 0;
	return (long)r == 2 && WIFEXITED(status) && WEXITSTATUS(status) == 5;
}

/* Thread: run this program again to check the pid it keeps. */
static void *exec_self(void *arg)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%ld", (long)arg);
	execl(self_path, self_path, "--exec-check", pid, (char *)NULL);
	return NULL;
}

/* execve from a thread that is not the main one: the others end, the
 * program runs as the process (same pid, one thread). */
static int exec_from_thread(void)
{
	pthread_t t, u;

	start(&u, forever, NULL);
	start(&t, exec_self, (void *)(long)getpid());
	pthread_join(u, NULL);
	return 0;
}

/* What the program exec'd from a thread checks: its pid is the old one
 * (argv[2]) and it has one thread; the case's exit status. */
static int exec_check(const char *pid)
{
	return getpid() == atoi(pid) && tid() == getpid() && proc_threads() == 1 ? 0 : 1;
}

static volatile sig_atomic_t profs;

static void on_prof(int sig)
{
	(void)sig;
	profs++;
}

/* The calling thread's CPU time in ms. */
static long thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Spin until done() or ~20 s of wall time passed (a failure, not a hang). */
static void spin_until(int (*done)(void))
{
	time_t give_up = time(NULL) + 20;
	volatile unsigned long n = 0;

	while (!done())
		if (++n % 65536 == 0 && time(NULL) > give_up)
			break;
}

static int prof_fired(void)
{
	return profs != 0;
}

static int main_busy_enough(void)
{
	return thread_cpu_ms() >= 300;
}

/* Thread: spin until the profiling timer fires: its own CPU time then. */
static void *spin_for_prof(void *arg)
{
	(void)arg;
	spin_until(prof_fired);
	return (void *)thread_cpu_ms();
}

/* ITIMER_PROF counts the process's CPU time: armed for 100 ms by the main
 * thread after 300 ms of its own, it fires after about 100 ms of another
 * thread's (a clock of the thread that runs would need 400). */
static int prof_counts_process(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	pthread_t t;
	void *worker_ms;

	signal(SIGPROF, on_prof);
	spin_until(main_busy_enough);
	if (setitimer(ITIMER_PROF, &it, NULL) != 0)
		return 0;
	start(&t, spin_for_prof, NULL);
	pthread_join(t, &worker_ms);
	return profs > 0 && (long)worker_ms < 250;
}

/* Thread: return its argument plus one. */
static void *plus_one(void *arg)
{
	return (void *)((long)arg + 1);
}

/* Many create/join cycles (frames are checked by the statistics' audit). */
static int cycles(void)
{
	for (long i = 0; i < CYCLES; i++) {
		pthread_t t;
		void *r;
		if (pthread_create(&t, NULL, plus_one, (void *)i) != 0 || pthread_join(t, &r) != 0 ||
		    (long)r != i + 1)
			return 0;
	}
	return 1;
}

static const struct prog_case cases[] = {
	{ "create_join", create_join, 0 },
	{ "mutex_cond", mutex_cond, 0 },
	{ "thread_locals", thread_locals, 0 },
	{ "ids", ids, 0 },
	{ "detached", detached_threads, 0 },
	{ "main_exits", main_exits, 0 },
	{ "exit_group_status", exit_group_status, 0 },
	{ "last_thread_status", last_thread_status, 0 },
	{ "kill_to_process", kill_to_process, 0 },
	{ "kill_to_thread", kill_to_thread, 0 },
	{ "sigwait_thread", sigwait_thread, 0 },
	{ "pending_for_process", pending_for_process, 0 },
	{ "fault_in_thread", fault_in_thread, SIGSEGV },
	{ "fork_in_thread", fork_in_thread, 0 },
	{ "exec_from_thread", exec_from_thread, 0 },
	{ "cycles", cycles, 0 },
	{ "prof_counts_process", prof_counts_process, 0 },
};

int main(int argc, char **argv)
{
	int n = sizeof(cases) / sizeof(cases[0]), good = 0;

	if (argc == 3 && strcmp(argv[1], "--exec-check") == 0)
		return exec_check(argv[2]);
	self_path = "/proc/self/exe"; /* this program, wherever it was run from */
	for (int i = 0; i < n; i++)
		good += case_run(&cases[i]);
	printf("threads: %d of %d as expected\n", good, n);
	return good == n ? 0 : 1;
}
