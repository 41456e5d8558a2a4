/* The text of an open /proc file: generated once at open (as Linux's
 * seq_file does per read), held in frames owned by the open file, read
 * from there. At most PBUF_PAGES pages; what does not fit is cut off. */
#ifndef PROCFS_PBUF_H
#define PROCFS_PBUF_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/uaddr.h"

#define PBUF_PAGES 16

struct pbuf {
	uint64_t page[PBUF_PAGES]; /* frames; page[0] holds this header too */
	uint32_t len;              /* bytes of text */
	bool full;                 /* text was cut off */
};

/* A new empty buffer; NULL when no frame is left. */
struct pbuf *pbuf_new(void);

/* Free the buffer and its frames. */
void pbuf_free(struct pbuf *b);

/* Append n bytes of s / a string / formatted text (one piece of at most
 * 255 bytes; longer text goes through pbuf_puts). */
void pbuf_write(struct pbuf *b, const char *s, uint32_t n);
void pbuf_puts(struct pbuf *b, const char *s);
void pbuf_printf(struct pbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append spaces up to column col of the current line, then one space. */
void pbuf_pad(struct pbuf *b, uint32_t line_start, uint32_t col);

/* Copy up to len bytes from offset off to user memory of the current
 * process; bytes copied (0 at the end) or -EFAULT. */
long pbuf_read_user(const struct pbuf *b, uint64_t off, uaddr_t ubuf, uint32_t len);

#endif
