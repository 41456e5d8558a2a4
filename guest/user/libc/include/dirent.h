/* cvlibc: raw directory entries from getdents64. */
#ifndef CV_DIRENT_H
#define CV_DIRENT_H

#include <stdint.h>

/* One record of the buffer getdents64 fills; d_reclen bytes long. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK    10
#define DT_SOCK   12

int getdents64(int fd, void *buf, unsigned int count);

#endif
