// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <string.h>

#include <smmu-nest/number.h>
#include "cli.h"

bool cli_parse_u64(const char *s, u64 *out)
{
	return s && sn_parse_u64(s, out) == SN_NUM_OK;
}

bool cli_parse_u64_list(const char *s, u64 *out, unsigned max, unsigned *count)
{
	char buf[32];
	unsigned n = 0;

	memset(out, 0, max * sizeof(*out));
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (n == max || len == 0 || len >= sizeof(buf))
			return false;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (!cli_parse_u64(buf, &out[n++]))
			return false;
		if (!comma)
			break;
		s = comma + 1;
	}
	*count = n;
	return true;
}

const char *cli_opt_value(const char *arg, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, len) != 0)
		return NULL;
	if (arg[2 + len] != '=')
		return NULL;
	return arg + 3 + len;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "smmu-nest%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'smmu-nest%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

void cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
