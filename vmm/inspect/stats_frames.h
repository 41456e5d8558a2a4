/* Frame-wide results of a snapshot (internal to stats). */
#ifndef VMM_INSPECT_STATS_FRAMES_H
#define VMM_INSPECT_STATS_FRAMES_H

#include "sharing.h"
#include "stats_snapshot.h"

/* Fill s's shared_frames, saved_bytes, page_tables_shared and histogram
 * from sh's mapcounts and holders; -1 when memory runs out. */
int frames_sharing(struct stats_snapshot *s, const struct sharing *sh);

/* Fill s's mismatches: every mapped frame or table whose kernel reference
 * count differs from what the walks imply (sharing.h: refs), plus 1 when
 * pinned and 1 when held. */
void frames_audit(struct stats_snapshot *s, const struct sharing *sh);

#endif
