// SPDX-License-Identifier: MIT
/*
 * Where the CLI finds its golden vectors and rules when no path is given.
 *
 * In the source tree (and in build/smmu-nest) the defaults are the
 * directories "vectors" and "rules" of the current directory.  The binary
 * `make install` installs is built with SMMU_NEST_DATADIR set to
 * $(DATADIR)/smmu-nest, where the vectors and rules are installed: when
 * the current directory has no such entry, the installed copy is used.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#ifndef SMMU_NEST_DATADIR
#define SMMU_NEST_DATADIR ""
#endif

static const struct {
	const char *name;
	const char *installed;
} data_dirs[] = {
	{ "vectors", SMMU_NEST_DATADIR "/vectors" },
	{ "rules", SMMU_NEST_DATADIR "/rules" },
};

const char *cli_data_path(const char *name)
{
	struct stat st;

	if (SMMU_NEST_DATADIR[0] == '\0' || stat(name, &st) == 0)
		return name;
	for (size_t i = 0; i < sizeof(data_dirs) / sizeof(data_dirs[0]); i++)
		if (strcmp(name, data_dirs[i].name) == 0)
			return data_dirs[i].installed;
	return name;
}
