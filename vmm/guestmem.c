/* Checked access to guest physical memory. */
#include "guestmem.h"

#include <string.h>

void *gm_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len)
{
	if (gm == NULL || gm->base == NULL)
		return NULL;
	if (gpa > gm->size || len > gm->size - gpa)
		return NULL;
	return gm->base + gpa;
}

bool gm_read(const struct guest_mem *gm, uint64_t gpa, void *dst, uint64_t len)
{
	const void *src = gm_ptr(gm, gpa, len);

	if (src == NULL)
		return false;
	memcpy(dst, src, len);
	return true;
}

bool gm_write(const struct guest_mem *gm, uint64_t gpa, const void *src, uint64_t len)
{
	void *dst = gm_ptr(gm, gpa, len);

	if (dst == NULL)
		return false;
	memcpy(dst, src, len);
	return true;
}

bool gm_read_u64(const struct guest_mem *gm, uint64_t gpa, uint64_t *out)
{
	return gm_read(gm, gpa, out, sizeof(*out));
}

long gm_read_str(const struct guest_mem *gm, uint64_t gpa, char *dst, size_t max)
{
	const char *src;
	uint64_t avail;
	size_t n;

	if (max == 0 || gm == NULL || gpa >= gm->size)
		return -1;
	avail = gm->size - gpa;
	src = gm_ptr(gm, gpa, avail < max ? avail : max);
	if (src == NULL)
		return -1;
	for (n = 0; n < max && n < avail; n++) {
		dst[n] = src[n];
		if (src[n] == '\0')
			return (long)n;
	}
	dst[max - 1] = '\0';
	return -1;
}
