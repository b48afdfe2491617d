// SPDX-License-Identifier: MIT
/* smmu-nest vste: what each host policy does with one guest vSTE. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/policy.h>
#include <smmu-nest/replay.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/version.h>
#include "cli.h"

#define LINE_MAX_LEN 4096

struct vste_opts {
	const struct host_policy *policy;   /* NULL: every policy */
	u64 parent[STE_DWORDS];
	struct host_env env;
	bool json;
};

static void help(void)
{
	printf("Usage: smmu-nest vste [OPTIONS] W0 W1\n"
	       "       smmu-nest vste [OPTIONS] -\n\n"
	       "Say what a host kernel policy does with the guest vSTE words W0 W1:\n"
	       "the errno it returns, or the physical STE it installs and whether it\n"
	       "enables ATS on the device. With '-', read one 'W0 W1' pair per line\n"
	       "from standard input (blank lines and '#' comments skipped) and answer\n"
	       "each on its own line. Numbers are decimal or 0x-hex.\n\n"
	       "Options:\n"
	       "  --policy=P         seed-v2, v6.13, v6.15, v7.0 (default) or 'all'\n"
	       "  --parent=W0[,..W7] the host's stage-2-only parent STE, 1 to 8 words\n"
	       "                     (missing words are 0); must be V=1, Config=6,\n"
	       "                     EATS=0. Or a name: 'default', 'kunit-s2'.\n"
	       "                     Default parent ('default': VMID 1, 4 KB granule,\n"
	       "                     48-bit IPA, S2TTB 0x40000000):\n");
	for (unsigned i = 0; i < STE_DWORDS; i++)
		printf("                       W%u = 0x%016" PRIx64 "\n", i, host_default_parent[i]);
	printf("  --ats-supported    the device supports ATS (default: it does not)\n"
	       "  --host=K=V[,K=V]   other host facts (0 or 1; alloc-flags a number):\n"
	       "                     ");
	for (unsigned i = 0; i < host_env_key_count; i++)
		printf("%s%s", host_env_keys[i].name, i + 1 < host_env_key_count ? ", " : "");
	printf(",\n                     alloc-flags. Defaults: every precondition holds.\n"
	       "  --json             one JSON object per answer:\n"
	       "    {\"policy\":P,\"result\":\"ok\",\"ste\":[\"0x...\" x8],\"ats\":true|false}\n"
	       "    {\"policy\":P,\"result\":\"error\",\"errno\":\"EIO\",\"stage\":S,\"reason\":\"...\"}\n"
	       "  --help, --version\n\n"
	       "Exit status: 0 answered (whatever the answer), 2 bad arguments or input.\n");
}

static bool parse_host(const char *spec, struct host_env *env, const char **bad)
{
	char buf[512];
	char *save = NULL;

	if (strlen(spec) >= sizeof(buf)) {
		*bad = spec;
		return false;
	}
	strcpy(buf, spec);
	for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		u64 v;

		if (!eq) {
			*bad = "missing '=' in a host fact";
			return false;
		}
		*eq = '\0';
		if (!cli_parse_u64(eq + 1, &v) || !host_env_set(env, kv, v)) {
			*bad = "unknown host fact or value out of range";
			return false;
		}
	}
	return true;
}

static void print_answer(const struct vste_opts *o, const struct host_policy *p,
			 const struct vste_result *r)
{
	char line[512];

	if (!o->json) {
		sn_result_format(r, line, sizeof(line));
		printf("%s: %s\n", p->name, line);
		return;
	}
	printf("{\"policy\":");
	cli_json_string(stdout, p->name);
	if (r->err != SN_OK) {
		printf(",\"result\":\"error\",\"errno\":\"%s\",\"stage\":\"%s\",\"reason\":",
		       sn_errno_name(r->err), sn_stage_name(r->stage));
		cli_json_string(stdout, r->reason);
		printf("}\n");
		return;
	}
	printf(",\"result\":\"ok\",\"ste\":[");
	for (unsigned i = 0; i < STE_DWORDS; i++)
		printf("%s\"0x%016" PRIx64 "\"", i ? "," : "", r->ste[i]);
	printf("],\"ats\":%s}\n", r->ats ? "true" : "false");
}

static void answer(const struct vste_opts *o, const u64 vste[2])
{
	struct vste_result r;

	for (unsigned i = 0; i < host_policy_count; i++) {
		const struct host_policy *p = host_policies[i];

		if (o->policy && o->policy != p)
			continue;
		host_policy_apply(p, vste, o->parent, &o->env, &r);
		print_answer(o, p, &r);
	}
}

/* Parse "W0 W1" from one line of standard input. */
static int batch_line(const struct vste_opts *o, char *line, unsigned lineno)
{
	char *tok[3] = { NULL, NULL, NULL };
	unsigned n = 0;
	char *save = NULL;
	u64 vste[2];

	line[strcspn(line, "\r\n")] = '\0';
	for (char *t = strtok_r(line, " \t", &save); t && n < 3; t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	if (n == 0 || tok[0][0] == '#')
		return 0;
	if (n != 2) {
		fprintf(stderr, "<stdin>:%u:1: expected two numbers 'W0 W1', found %s\n",
			lineno, n < 2 ? "one" : "more than two");
		return EXIT_USAGE;
	}
	for (unsigned i = 0; i < 2; i++) {
		if (!cli_parse_u64(tok[i], &vste[i])) {
			fprintf(stderr, "<stdin>:%u:%u: '%s' is not a 64-bit number (decimal or 0x-hex)\n",
				lineno, (unsigned)(tok[i] - line) + 1, tok[i]);
			return EXIT_USAGE;
		}
	}
	answer(o, vste);
	return 0;
}

static int batch(const struct vste_opts *o)
{
	char line[LINE_MAX_LEN];
	unsigned lineno = 0;

	while (fgets(line, sizeof(line), stdin)) {
		int rc;

		lineno++;
		if (!strchr(line, '\n') && !feof(stdin)) {
			fprintf(stderr, "<stdin>:%u:%d: line longer than %d bytes\n",
				lineno, LINE_MAX_LEN, LINE_MAX_LEN - 1);
			return EXIT_USAGE;
		}
		rc = batch_line(o, line, lineno);
		if (rc)
			return rc;
		fflush(stdout);
	}
	return 0;
}

int cmd_vste(int argc, char **argv)
{
	struct vste_opts o = { .policy = host_policy_default() };
	const char *words[2];
	unsigned nwords = 0;
	bool from_stdin = false;
	const char *v, *bad;

	memcpy(o.parent, host_default_parent, sizeof(o.parent));
	host_env_default(&o.env);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("smmu-nest vste %s\n", SMMU_NEST_VERSION);
			return 0;
		} else if ((v = cli_opt_value(a, "policy"))) {
			o.policy = strcmp(v, "all") == 0 ? NULL : host_policy_find(v);
			if (!o.policy && strcmp(v, "all") != 0)
				return cli_usage_error("vste", "unknown policy '%s' (seed-v2, v6.13, v6.15, v7.0, all)", v);
		} else if ((v = cli_opt_value(a, "parent"))) {
			unsigned count;

			if (!host_parent_by_name(v, o.parent) &&
			    !cli_parse_u64_list(v, o.parent, STE_DWORDS, &count))
				return cli_usage_error("vste", "--parent takes 1 to 8 comma-separated numbers or a name, not '%s'", v);
			if (!host_parent_ok(o.parent, &bad))
				return cli_usage_error("vste", "--parent: %s", bad);
		} else if (strcmp(a, "--ats-supported") == 0) {
			o.env.ats_supported = true;
		} else if ((v = cli_opt_value(a, "host"))) {
			if (!parse_host(v, &o.env, &bad))
				return cli_usage_error("vste", "--host=%s: %s", v, bad);
		} else if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (strcmp(a, "-") == 0) {
			from_stdin = true;
		} else if (a[0] == '-' && !(a[1] >= '0' && a[1] <= '9')) {
			return cli_usage_error("vste", "unknown option '%s'", a);
		} else if (nwords < 2) {
			words[nwords++] = a;
		} else {
			return cli_usage_error("vste", "too many arguments ('%s')", a);
		}
	}
	if (!host_setup_ok(o.parent, &o.env, &bad))
		return cli_usage_error("vste", "%s", bad);
	if (from_stdin) {
		if (nwords)
			return cli_usage_error("vste", "give either W0 W1 or '-', not both");
		return batch(&o);
	}
	if (nwords != 2)
		return cli_usage_error("vste", "expected two vSTE words W0 W1 (or '-')");
	u64 vste[2];
	for (unsigned i = 0; i < 2; i++)
		if (!cli_parse_u64(words[i], &vste[i]))
			return cli_usage_error("vste", "'%s' is not a 64-bit number (decimal or 0x-hex)", words[i]);
	answer(&o, vste);
	return 0;
}
