/* cvlibc: a first-fit heap on brk with an address-ordered free list that
 * merges neighbours. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGN	16
#define GROW	(64 * 1024)
#define MAX_REQ	0x7fff0000u

/* Every block starts with this header; SIZE counts the header too. */
struct chunk {
	size_t size;
	struct chunk *next;	/* next free chunk by address (free chunks only) */
	size_t pad[2];
};

_Static_assert(sizeof(struct chunk) == ALIGN, "chunk header is one alignment unit");

static struct chunk *free_list;

/* Puts C into the free list in address order, merging it with adjacent
 * free chunks. */
static void insert_free(struct chunk *c)
{
	struct chunk **pp = &free_list, *prev = NULL;

	while (*pp && *pp < c) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	c->next = *pp;
	*pp = c;
	if (c->next && (char *)c + c->size == (char *)c->next) {
		c->size += c->next->size;
		c->next = c->next->next;
	}
	if (prev && (char *)prev + prev->size == (char *)c) {
		prev->size += c->size;
		prev->next = c->next;
	}
}

/* Extends the heap by at least NEED bytes and frees the new space.
 * Returns 0, or -1 when brk refuses. */
static int grow(size_t need)
{
	uintptr_t cur = (uintptr_t)sbrk(0);
	size_t pad = (ALIGN - (cur & (ALIGN - 1))) & (ALIGN - 1);
	size_t n = need < GROW ? GROW : (need + 4095) & ~(size_t)4095;
	char *p;

	if (cur == (uintptr_t)-1)
		return -1;
	p = sbrk((intptr_t)(n + pad));
	if (p == (void *)-1)
		return -1;
	p += pad;
	((struct chunk *)p)->size = n;
	insert_free((struct chunk *)p);
	return 0;
}

/* malloc(3). */
void *malloc(size_t n)
{
	struct chunk **pp, *c, *rest;
	size_t need;

	if (n > MAX_REQ) {
		errno = ENOMEM;
		return NULL;
	}
	need = ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1)) + sizeof(struct chunk);
	for (;;) {
		for (pp = &free_list; *pp; pp = &(*pp)->next) {
			c = *pp;
			if (c->size < need)
				continue;
			if (c->size - need >= 2 * sizeof(struct chunk)) {
				rest = (struct chunk *)((char *)c + need);
				rest->size = c->size - need;
				rest->next = c->next;
				*pp = rest;
				c->size = need;
			} else {
				*pp = c->next;
			}
			c->next = NULL;
			return c + 1;
		}
		if (grow(need) < 0) {
			errno = ENOMEM;
			return NULL;
		}
	}
}

/* free(3). */
void free(void *p)
{
	if (p)
		insert_free((struct chunk *)p - 1);
}

/* calloc(3): zeroed, with the multiplication checked for overflow. */
void *calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > MAX_REQ / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

/* realloc(3): keeps the block when it is already big enough. */
void *realloc(void *p, size_t n)
{
	struct chunk *c;
	void *q;

	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	c = (struct chunk *)p - 1;
	if (c->size - sizeof(struct chunk) >= n)
		return p;
	q = malloc(n);
	if (q) {
		memcpy(q, p, c->size - sizeof(struct chunk));
		free(p);
	}
	return q;
}
