/* The console's terminal side, when it is a terminal (the kernel word
 * tty=on, which cowvisor adds when its own stdin and stdout are
 * terminals; otherwise the console answers ENOTTY as a pipe or file
 * does, and programs write to it as to a file): termios and window size
 * as a terminal keeps them, and the job-control ioctls (the policy is in
 * proc/ctty.c). The settings are kept and reported, but do not change
 * how the console moves bytes: input comes as the host's stdin gives it
 * (a host terminal keeps its own mode), output goes out unchanged. */
#include "file.h"

#include "../core/boot.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/uaccess.h"
#include "../proc/ctty.h"
#include "../proc/pgrp.h"
#include "../proc/proc.h"

#include "../../../shared/linux_signal.h"

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TCSBRK     0x5409
#define TCFLSH     0x540B
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCNOTTY  0x5422
#define TCSBRKP    0x5425
#define TIOCGSID   0x5429

#define TOSTOP 0x100 /* c_lflag: background writes stop the writer */

/* The i386 kernel's struct termios (TCGETS), 36 bytes. */
struct termios32 {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line;
	uint8_t cc[19];
};
_Static_assert(sizeof(struct termios32) == 36, "i386 struct termios");

/* Linux's defaults for a terminal (tty_std_termios): ICRNL IXON; OPOST
 * ONLCR; B38400 CS8 CREAD HUPCL; ISIG ICANON ECHO ECHOE ECHOK ECHOCTL
 * ECHOKE IEXTEN; ^C ^\ DEL ^U ^D, VMIN 1, ^Q ^S ^Z, ^R ^O ^W ^V. */
static struct termios32 termios = {
	0x500, 0x5, 0x4bf, 0x8a3b, 0,
	{ 003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0 },
};

/* struct winsize: rows, columns, and pixels (unknown: 0). */
static uint16_t winsize[4] = { 24, 80, 0, 0 };

/* TCSETS*: new settings, after the background check Linux makes. */
static long set_termios(uaddr_t uarg)
{
	struct termios32 t;
	long rc = ctty_check(SIGTTOU);

	if (rc)
		return rc;
	if (copy_from_user(cur->mm, &t, uarg, sizeof(t)))
		return -EFAULT;
	termios = t;
	return 0;
}

/* TIOCSWINSZ: a new size; the foreground group hears of a change by SIGWINCH. */
static long set_winsize(uaddr_t uarg)
{
	uint16_t ws[4];

	if (copy_from_user(cur->mm, ws, uarg, sizeof(ws)))
		return -EFAULT;
	if (memcmp(ws, winsize, sizeof(ws)) != 0 && ctty_foreground())
		pgrp_signal(ctty_foreground(), SIGWINCH);
	memcpy(winsize, ws, sizeof(ws));
	return 0;
}

/* TCFLSH: discard queued input or output (TCIFLUSH 0, TCOFLUSH 1,
 * TCIOFLUSH 2). The console queues neither: output is written through,
 * input is taken from the host only when read. */
static long flush(uint32_t which)
{
	long rc = ctty_check(SIGTTOU);

	if (rc)
		return rc;
	return which <= 2 ? 0 : -EINVAL;
}

/* Store an int result of an ioctl at uarg. */
static long put_int(uaddr_t uarg, long v)
{
	int32_t x = (int32_t)v;

	if (v < 0)
		return v;
	return copy_to_user(cur->mm, uarg, &x, sizeof(x));
}

long console_ioctl(uint32_t cmd, uaddr_t uarg)
{
	int32_t pgrp;

	if (!boot.console_tty)
		return -ENOTTY;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(cur->mm, uarg, &termios, sizeof(termios));
	case TCSETS: case TCSETSW: case TCSETSF:
		return set_termios(uarg);
	case TCSBRK: case TCSBRKP:
		return 0; /* tcdrain: output is written through at once */
	case TCFLSH:
		return flush(uarg);
	case TIOCGWINSZ:
		return copy_to_user(cur->mm, uarg, winsize, sizeof(winsize));
	case TIOCSWINSZ:
		return set_winsize(uarg);
	case TIOCGPGRP:
		return put_int(uarg, ctty_get_pgrp());
	case TIOCSPGRP:
		if (copy_from_user(cur->mm, &pgrp, uarg, sizeof(pgrp)))
			return -EFAULT;
		return ctty_set_pgrp(pgrp);
	case TIOCGSID:
		return put_int(uarg, ctty_get_sid());
	case TIOCSCTTY:
		return ctty_acquire(uarg == 1);
	case TIOCNOTTY:
		return ctty_release();
	}
	return -ENOTTY;
}

long console_check_read(void)
{
	return boot.console_tty ? ctty_check(SIGTTIN) : 0;
}

long console_open_ctty(void)
{
	return boot.console_tty && ctty_is_mine() ? 0 : -ENXIO; /* a pipe is no one's terminal */
}

long console_check_write(void)
{
	return boot.console_tty && (termios.lflag & TOSTOP) ? ctty_check(SIGTTOU) : 0;
}
