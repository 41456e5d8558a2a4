/* The vDSO images, linked and checked at build time (guest/vdso/vdso.mk)
 * and found in the build's vdso directory: vdso_image64 (linux-vdso.so.1)
 * and vdso_image32 (linux-gate.so.1), copied into their frames at boot. */
	.section .rodata
	.balign 16
	.globl vdso_image64
vdso_image64:
	.incbin "vdso64.so"
	.balign 16
	.globl vdso_image32
vdso_image32:
	.incbin "vdso32.so"

	.section .note.GNU-stack, "", @progbits
