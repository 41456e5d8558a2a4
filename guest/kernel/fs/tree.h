/* Making and unmaking nodes and entries: shared by the archive unpacker
 * and the calls that change the tree. Internal to guest/kernel/fs. */
#ifndef FS_TREE_H
#define FS_TREE_H

#include "fs.h"
#include "index.h"

/* A new node of mode with the next inode number, times now, no names;
 * NULL when out of memory or inode numbers. */
struct fnode *tree_node_new(uint32_t mode);

/* Give back a node that never got a name (a failed unpack's are kept). */
void tree_node_drop(struct fnode *n);

/* A new entry for node called name[0..len), appended to dir's list with
 * the next cookie and put in index ix; the name is copied unless
 * in_archive (then it must stay where it is). NULL when out of memory. */
struct fdent *tree_attach(struct fs_index *ix, struct fnode *dir, const char *name, uint32_t len,
			  struct fnode *node, bool in_archive);

/* The next inode number tree_node_new gives (after an unpack). */
void tree_set_next_ino(uint32_t ino);
uint32_t tree_next_ino(void);

#endif
