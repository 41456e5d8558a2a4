/* The vDSO's ELF note "Linux" (type 0): the kernel release it belongs
 * to, as LINUX_VERSION_CODE (glibc reads it to know the kernel). Shared
 * by both ABIs' images. */
#include "../../shared/version.h"

	.section .note.Linux, "a", @note
	.balign 4
	.long 2f - 1f                 /* name size, its NUL included */
	.long 4f - 3f                 /* descriptor size */
	.long 0                       /* type */
1:	.asciz "Linux"
2:	.balign 4
3:	.long CV_LINUX_VERSION_CODE
4:	.balign 4
	.section .note.GNU-stack, "", @progbits
