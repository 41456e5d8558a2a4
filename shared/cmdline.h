/* Kernel command-line words that cowvisor itself writes (the user's words
 * come from --append; see DESIGN.md). */
#ifndef SHARED_CMDLINE_H
#define SHARED_CMDLINE_H

/* argv0=WORD: init's argv[0] (default: the init= path). cowvisor sets it to
 * PROGRAM as the user typed it, as a shell passes the word to execve, so
 * multi-call programs (busybox) see the name they were called by. */
#define CV_CMDLINE_ARGV0 "argv0="

#endif
