// SPDX-License-Identifier: MIT
/*
 * Function recorder for the rule matrix (scripts/rule-matrix.sh).
 *
 * Linked into build-cov/trace/smmu-nest, whose model/ and policy/ objects
 * are compiled with -finstrument-functions: every function they enter
 * calls __cyg_profile_func_enter() with its own address.  When the
 * environment names a file in SMMU_NEST_FTRACE, the distinct addresses
 * entered during the run are written there at exit, one per line in hex,
 * after a first line "anchor ADDR" giving the run-time address of this
 * file's anchor function: the script checks it against the executable's
 * symbol table (the executable is linked -no-pie, so a run-time address
 * is the link-time one addr2line resolves).  Without SMMU_NEST_FTRACE
 * nothing is recorded.
 *
 * This file itself is compiled without -finstrument-functions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NO_TRACE __attribute__((no_instrument_function))

/* Open addressing; the library has well under 2048 functions. */
#define SLOTS 8192u

static uintptr_t slot[SLOTS];
static unsigned used;
static int enabled = -1;        /* -1: SMMU_NEST_FTRACE not looked at yet */

void __cyg_profile_func_enter(void *fn, void *site) NO_TRACE;
void __cyg_profile_func_exit(void *fn, void *site) NO_TRACE;
void sn_ftrace_anchor(void) NO_TRACE;

void sn_ftrace_anchor(void)
{
}

void __cyg_profile_func_enter(void *fn, void *site)
{
	uintptr_t a = (uintptr_t)fn;
	unsigned h;

	(void)site;
	if (enabled < 0)
		enabled = getenv("SMMU_NEST_FTRACE") != NULL;
	if (!enabled)
		return;
	h = (unsigned)((a >> 2) * 2654435761u) & (SLOTS - 1);
	while (slot[h]) {
		if (slot[h] == a)
			return;
		h = (h + 1) & (SLOTS - 1);
	}
	if (used < SLOTS / 2) {
		slot[h] = a;
		used++;
	}
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
}

__attribute__((destructor)) NO_TRACE static void sn_ftrace_dump(void)
{
	const char *path = getenv("SMMU_NEST_FTRACE");
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return;
	}
	fprintf(f, "anchor %#jx\n", (uintmax_t)(uintptr_t)sn_ftrace_anchor);
	for (unsigned i = 0; i < SLOTS; i++)
		if (slot[i])
			fprintf(f, "%#jx\n", (uintmax_t)slot[i]);
	if (used >= SLOTS / 2)
		fprintf(f, "overflow\n");
	fclose(f);
}
