/* Reading virtual memory through the page tables. */
#include "pagewalk_read.h"
#include "../../shared/layout.h"

#include <string.h>

size_t pw_read_virt(const struct guest_mem *gm, enum pw_mode mode, uint64_t cr3, uint64_t va,
		    void *dst, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t at = va + done, pa;
		size_t n = CV_PAGE_SIZE - (size_t)(at & (CV_PAGE_SIZE - 1)); /* up to the end of this page */
		const void *src;

		if (n > len - done)
			n = len - done;
		if (pw_translate(gm, mode, cr3, at, &pa) != PW_OK || (src = gm_ptr(gm, pa, n)) == NULL)
			break;
		memcpy((uint8_t *)dst + done, src, n);
		done += n;
	}
	return done;
}
