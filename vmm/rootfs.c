/* Gathering host files and directory trees for the initrd. */
#include "rootfs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define PATH_BYTES 4096u  /* host and guest paths, with the NUL */

/* A regular file met with st_nlink > 1: where its group starts. */
struct pack_link {
	dev_t dev;
	ino_t ino;
	size_t first;  /* 1 + its index in the list; 0: empty slot */
};

/* Make room for one more entry; -1 with err when out of memory. */
static int grow(struct pack_list *l, char *err, size_t errlen)
{
	struct initrd_file *v;
	size_t cap = l->cap ? 2 * l->cap : 64;

	if (l->n < l->cap)
		return 0;
	if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
		return errorf(err, errlen, "out of memory for %zu initrd entries", cap);
	l->v = v;
	l->cap = cap;
	return 0;
}

/* Append e, taking copies of its strings. */
static int push(struct pack_list *l, struct initrd_file e, char *err, size_t errlen)
{
	char *host, *guest, *target = NULL;

	if (grow(l, err, errlen) != 0)
		return -1;
	host = strdup(e.host);
	guest = strdup(e.guest);
	if (e.target)
		target = strdup(e.target);
	if (host == NULL || guest == NULL || (e.target && target == NULL)) {
		free(host);
		free(guest);
		free(target);
		return errorf(err, errlen, "%s: out of memory", e.host);
	}
	e.host = host;
	e.guest = guest;
	e.target = target;
	l->v[l->n++] = e;
	return 0;
}

int pack_add_file(struct pack_list *l, const char *host, const char *guest, uint32_t mode,
		  char *err, size_t errlen)
{
	return push(l, (struct initrd_file){ .host = host, .guest = guest, .mode = mode }, err, errlen);
}

/* The slot of (dev, ino) in the hard-link table: its entry or an empty one. */
static struct pack_link *link_slot(struct pack_list *l, dev_t dev, ino_t ino)
{
	size_t i = (size_t)((uint64_t)ino * 0x9E3779B97F4A7C15ull >> 20) & (l->link_slots - 1);

	for (;; i = (i + 1) & (l->link_slots - 1))
		if (l->links[i].first == 0 || (l->links[i].dev == dev && l->links[i].ino == ino))
			return &l->links[i];
}

/* Double the hard-link table (kept at most half full). */
static int grow_links(struct pack_list *l, char *err, size_t errlen)
{
	struct pack_link *old = l->links;
	size_t nold = l->link_slots;

	l->link_slots = nold ? 2 * nold : 64;
	if ((l->links = calloc(l->link_slots, sizeof(*l->links))) == NULL) {
		l->links = old;
		l->link_slots = nold;
		return errorf(err, errlen, "out of memory for the hard-link table");
	}
	for (size_t i = 0; i < nold; i++)
		if (old[i].first)
			*link_slot(l, old[i].dev, old[i].ino) = old[i];
	free(old);
	return 0;
}

/* For a regular file with several links: 1 + the index of its group's
 * first entry if one was met already (else it becomes that first). */
static int hard_link_of(struct pack_list *l, const struct stat *st, size_t *link_of,
			char *err, size_t errlen)
{
	struct pack_link *s;

	*link_of = 0;
	if (st->st_nlink < 2)
		return 0;
	if (2 * (l->nlinks + 1) > l->link_slots && grow_links(l, err, errlen) != 0)
		return -1;
	s = link_slot(l, st->st_dev, st->st_ino);
	if (s->first) {
		*link_of = s->first;
		return 0;
	}
	*s = (struct pack_link){ st->st_dev, st->st_ino, l->n + 1 };
	l->nlinks++;
	return 0;
}

/* The kind of special file st is, for the warning. */
static const char *special_kind(const struct stat *st)
{
	return S_ISSOCK(st->st_mode) ? "socket" : S_ISFIFO(st->st_mode) ? "FIFO"
	       : S_ISCHR(st->st_mode) ? "character device" : "block device";
}

/* Add the entry for host path h (already lstat'ed into st) at guest path g. */
static int add_one(struct pack_list *l, const char *h, const char *g, const struct stat *st,
		   char *err, size_t errlen)
{
	struct initrd_file e = { .host = h, .guest = g, .mode = st->st_mode & 07777,
				 .mtime = (uint32_t)st->st_mtime };
	char target[PATH_BYTES];
	ssize_t n;

	if (S_ISDIR(st->st_mode)) {
		e.type = INITRD_DIR;
	} else if (S_ISLNK(st->st_mode)) {
		if ((n = readlink(h, target, sizeof(target))) < 0)
			return errorf(err, errlen, "%s: cannot read the symlink: %s", h, strerror(errno));
		if ((size_t)n >= sizeof(target))
			return errorf(err, errlen, "%s: symlink target longer than %u bytes", h,
				    PATH_BYTES - 1);
		target[n] = '\0';
		e.type = INITRD_LNK;
		e.target = target;
	} else if (S_ISREG(st->st_mode)) {
		e.type = INITRD_REG;
		if (hard_link_of(l, st, &e.link_of, err, errlen) != 0)
			return -1;
		if (e.link_of == 0)
			l->bytes += (uint64_t)st->st_size;
	} else {
		if (l->warn)
			fprintf(l->warn, "cowvisor: warning: %s: a %s cannot be packed, skipped\n", h,
				special_kind(st));
		l->skipped++;
		return 0;
	}
	return push(l, e, err, errlen);
}

/* Skip "." and ".." in scandir. */
static int not_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/* Join dir and name into out (PATH_BYTES); -1 with err when too long. */
static int join(char *out, const char *dir, const char *name, char *err, size_t errlen)
{
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";

	if ((size_t)snprintf(out, PATH_BYTES, "%s%s%s", dir, sep, name) >= PATH_BYTES)
		return errorf(err, errlen, "%s%s%s: path longer than %u bytes", dir, sep, name,
			    PATH_BYTES - 1);
	return 0;
}

/* Add everything under host directory h at guest directory g, depth first
 * (each directory's entry comes before its contents). */
static int add_children(struct pack_list *l, const char *h, const char *g, char *err, size_t errlen)
{
	struct dirent **names;
	int n = scandir(h, &names, not_dots, alphasort), rc = 0;

	if (n < 0)
		return errorf(err, errlen, "%s: cannot read the directory: %s", h, strerror(errno));
	for (int i = 0; i < n; i++) {
		char hp[PATH_BYTES], gp[PATH_BYTES];
		struct stat st;

		if (rc == 0 && (join(hp, h, names[i]->d_name, err, errlen) != 0 ||
				join(gp, g, names[i]->d_name, err, errlen) != 0))
			rc = -1;
		if (rc == 0 && lstat(hp, &st) != 0)
			rc = errorf(err, errlen, "%s: %s", hp, strerror(errno));
		if (rc == 0)
			rc = add_one(l, hp, gp, &st, err, errlen);
		if (rc == 0 && S_ISDIR(st.st_mode))
			rc = add_children(l, hp, gp, err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}

int pack_add_tree(struct pack_list *l, const char *dir, const char *guest, char *err, size_t errlen)
{
	struct stat st;

	if (stat(dir, &st) != 0)
		return errorf(err, errlen, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return errorf(err, errlen, "%s: not a directory", dir);
	if (guest[0] != '/')
		return errorf(err, errlen, "%s: guest directory \"%s\" is not absolute", dir, guest);
	if (strcmp(guest, "/") != 0 && add_one(l, dir, guest, &st, err, errlen) != 0)
		return -1;
	return add_children(l, dir, guest, err, errlen);
}

void pack_list_free(struct pack_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->v[i].host);
		free((char *)l->v[i].guest);
		free((char *)l->v[i].target);
	}
	free(l->v);
	free(l->links);
	memset(l, 0, sizeof(*l));
}
