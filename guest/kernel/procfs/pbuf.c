/* Generated /proc text in frames. */
#include "pbuf.h"

#include <stdarg.h>

#include "../arch/layout.h"
#include "../lib/errno.h"
#include "../lib/printk.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define PBUF_HDR ((sizeof(struct pbuf) + 15) & ~(uint64_t)15) /* text starts here in page[0] */
#define PBUF_CAP (PBUF_PAGES * PAGE_SIZE - PBUF_HDR)

struct pbuf *pbuf_new(void)
{
	uint64_t pa = frame_alloc();
	struct pbuf *b;

	if (pa == 0)
		return 0;
	b = P2V(pa);
	memset(b, 0, sizeof(*b));
	b->page[0] = pa;
	return b;
}

void pbuf_free(struct pbuf *b)
{
	for (int i = PBUF_PAGES - 1; i >= 0; i--) /* page[0], holding b, last */
		if (b->page[i])
			frame_put(b->page[i]);
}

void pbuf_write(struct pbuf *b, const char *s, uint32_t n)
{
	while (n > 0 && !b->full) {
		uint64_t at = PBUF_HDR + b->len, pg = at / PAGE_SIZE, off = at % PAGE_SIZE;
		uint32_t chunk = (uint32_t)(PAGE_SIZE - off);
		if (b->len >= PBUF_CAP || (b->page[pg] == 0 && (b->page[pg] = frame_alloc()) == 0)) {
			b->full = true; /* the rest is cut off */
			return;
		}
		if (chunk > n)
			chunk = n;
		memcpy((uint8_t *)P2V(b->page[pg]) + off, s, chunk);
		b->len += chunk;
		s += chunk;
		n -= chunk;
	}
}

void pbuf_puts(struct pbuf *b, const char *s)
{
	pbuf_write(b, s, (uint32_t)strlen(s));
}

void pbuf_printf(struct pbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	pbuf_write(b, tmp, n < (int)sizeof(tmp) ? (uint32_t)n : sizeof(tmp) - 1);
}

void pbuf_pad(struct pbuf *b, uint32_t line_start, uint32_t col)
{
	static const char spaces[] = "                                                                ";

	while (b->len - line_start < col && !b->full) {
		uint32_t n = col - (b->len - line_start);
		pbuf_write(b, spaces, n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1);
	}
	pbuf_write(b, " ", 1);
}

long pbuf_read_user(const struct pbuf *b, uint64_t off, uaddr_t ubuf, uint32_t len)
{
	uint32_t done = 0;

	while (done < len && off + done < b->len) {
		uint64_t at = PBUF_HDR + off + done, pg = at / PAGE_SIZE, o = at % PAGE_SIZE;
		uint32_t n = (uint32_t)(PAGE_SIZE - o);
		if (n > len - done)
			n = len - done;
		if (n > b->len - (off + done))
			n = (uint32_t)(b->len - (off + done));
		if (copy_to_user(cur->mm, ubuf + done, (uint8_t *)P2V(b->page[pg]) + o, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}
