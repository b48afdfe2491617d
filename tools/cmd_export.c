// SPDX-License-Identifier: MIT
/*
 * smmu-nest export: the golden vectors in a form for other tools.
 *
 * --format=kunit: the vectors of the host-policy areas (vste, hitless) as a
 * self-contained C header of arrays, for a kernel KUnit test (or any C
 * harness) that runs against one kernel: struct smmu_nest_vste_case (vSTE,
 * parent, host facts, errno or STE and ATS) and struct
 * smmu_nest_hitless_case (kind, from, to, syncs, hitless).
 *
 * --format=json: every vector of every area, normalised, for tools in any
 * language (docs/export-json.md): each default the YAML schema supplies is
 * resolved, each expectation is given per policy, and the architecture
 * scenarios are built (sn_scenario_build()) so that STEs and CDs given by
 * named fields and table references come with the words the builder wrote.
 *
 * Decisions for kunit (also stated in the header it writes):
 *  - One policy per header: --policy=P, else the files' default-policy
 *    (v7.0 when a file has none); files that default to different
 *    policies are a usage error without --policy.
 *  - A vector that does not run under that policy is left out, with a
 *    comment at its place saying so.
 *  - An "acceptable" expectation is exported whole: the row's any_of[]
 *    lists every alternative and the kernel passes when its result matches
 *    one of them (skipping the row would lose the check that the result is
 *    one the architecture or the kernel allows).
 *  - Files of other areas (ste, cd, walk, tlb) have no KUnit form; they
 *    are loaded (so a broken one is still an error) and named in the
 *    header as not exported.  Rules catalogues are ignored, as by replay.
 *
 * Decisions for json:
 *  - Every policy at once: --policy is a usage error (each vector carries
 *    the expectation of each policy it runs under).
 *  - Without a PATH, vectors/ is exported (or the installed copy, as for
 *    replay: cli_data_path()).
 *  - Rules catalogues (files under a rules/ directory) are exported apart,
 *    under the top-level key "rules".
 *  - A scenario that does not build is an error, as a file that does not
 *    load: the export would be incomplete.
 *
 * Either way the whole output is built in memory and written only when
 * every file has loaded: nothing is written on an error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/hitlessvec.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/version.h>
#include "cli.h"

#define MAX_PATHS 256

enum export_format { FMT_NONE, FMT_KUNIT, FMT_JSON };

struct export_opts {
	enum export_format format;
	const struct host_policy *policy;   /* --policy, or NULL */
	const char *output;                 /* -o, or NULL for stdout */
	const char *paths[MAX_PATHS];
	unsigned n_paths;
};

struct loaded {
	struct sn_vector_file *files;
	unsigned n_files;
	struct sn_rule_file *rules;         /* json only: the rules catalogues */
	unsigned n_rules;
	const struct host_policy *policy;    /* the one every row is for */
	unsigned policy_index;
	unsigned n_vste, n_hitless;         /* rows exported */
};

static void help(void)
{
	printf("Usage: smmu-nest export --format=kunit [--policy=P] [-o FILE] PATH...\n"
	       "       smmu-nest export --format=json [-o FILE] [PATH...]\n\n"
	       "kunit: write the vste and hitless vectors under PATH (files, or\n"
	       "directories searched recursively for *.yaml) as a self-contained C header\n"
	       "for a KUnit test: struct definitions, one array of cases per area, and\n"
	       "their sizes. Each row carries the expectation for one policy: P, or the\n"
	       "files' default-policy (v7.0 when absent; files that disagree need\n"
	       "--policy). vste errors are the kernel's negative errno values (-EIO,\n"
	       "...). A vector that does not run under the policy is left out with a\n"
	       "comment; an 'acceptable' vste expectation is exported as every\n"
	       "alternative (any_of[]). Files of other areas are named in the header\n"
	       "and not exported.\n\n"
	       "json: write every vector of every area under PATH (default: vectors)\n"
	       "as one JSON document, normalised: every schema default resolved, every\n"
	       "number a \"0x...\" string, one expectation per policy, and each\n"
	       "architecture scenario built so that STEs and CDs come as the words\n"
	       "written to memory. Rules catalogues go under \"rules\". The layout is\n"
	       "documented in docs/export-json.md.\n\n"
	       "Options:\n"
	       "  --format=kunit|json   the output format\n"
	       "  --policy=P       kunit only: seed-v2, v6.13, v6.15 or v7.0\n"
	       "  -o FILE, --output=FILE   write FILE instead of standard output\n"
	       "  --help, --version\n\n"
	       "Output is byte-identical for the same inputs and options.\n"
	       "Exit status: 0 written, 2 bad usage, a file that does not load (or, for\n"
	       "json, a scenario that does not build), or a write error.\n");
}

static int parse_args(int argc, char **argv, struct export_opts *o, bool *done)
{
	const char *v;

	*done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			*done = true;
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("smmu-nest export %s\n", SMMU_NEST_VERSION);
			*done = true;
			return 0;
		} else if ((v = cli_opt_value(a, "format"))) {
			if (strcmp(v, "kunit") == 0)
				o->format = FMT_KUNIT;
			else if (strcmp(v, "json") == 0)
				o->format = FMT_JSON;
			else
				return cli_usage_error("export", "unknown format '%s' (kunit or "
						       "json)", v);
		} else if ((v = cli_opt_value(a, "policy"))) {
			o->policy = host_policy_find(v);
			if (!o->policy)
				return cli_usage_error("export", "unknown policy '%s' (seed-v2, "
						       "v6.13, v6.15, v7.0)", v);
		} else if ((v = cli_opt_value(a, "output"))) {
			if (!*v)
				return cli_usage_error("export", "empty output file name");
			o->output = v;
		} else if (strcmp(a, "-o") == 0) {
			if (i + 1 >= argc || !*argv[i + 1])
				return cli_usage_error("export", "option '-o' needs a file name");
			o->output = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("export", "unknown option '%s'", a);
		} else if (o->n_paths < MAX_PATHS) {
			o->paths[o->n_paths++] = a;
		} else {
			return cli_usage_error("export", "too many paths");
		}
	}
	if (o->format == FMT_NONE)
		return cli_usage_error("export", "missing --format (kunit or json)");
	if (o->format == FMT_JSON && o->policy)
		return cli_usage_error("export", "--policy is for --format=kunit: the json "
				       "export holds every policy's expectations");
	if (o->n_paths == 0 && o->format == FMT_JSON)
		o->paths[o->n_paths++] = cli_data_path("vectors");
	if (o->n_paths == 0)
		return cli_usage_error("export", "no vector files or directories given");
	return 0;
}

static bool is_vste(const struct sn_vector_file *f)
{
	return strcmp(f->area, "vste") == 0;
}

static bool is_hitless(const struct sn_vector_file *f)
{
	return strcmp(f->area, "hitless") == 0;
}

static bool area_exported(const struct sn_vector_file *f)
{
	return is_vste(f) || is_hitless(f);
}

static unsigned policy_index_of(const struct host_policy *p)
{
	for (unsigned i = 0; i < host_policy_count; i++)
		if (host_policies[i] == p)
			return i;
	return 0;
}

static void free_loaded(struct loaded *l)
{
	for (unsigned i = 0; i < l->n_files; i++)
		sn_vector_file_free(&l->files[i]);
	free(l->files);
	l->files = NULL;
	l->n_files = 0;
	for (unsigned i = 0; i < l->n_rules; i++)
		sn_rule_file_free(&l->rules[i]);
	free(l->rules);
	l->rules = NULL;
	l->n_rules = 0;
}

/* Load every vector file under the paths, and settle the policy. */
static int load_all(const struct export_opts *o, struct loaded *l)
{
	char **paths = NULL;
	unsigned n_paths = 0, n_exported = 0;
	const struct sn_vector_file *first = NULL;
	struct sn_error err;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	if (sn_collect_yaml(o->paths, o->n_paths, &paths, &n_paths, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	l->files = calloc(n_paths ? n_paths : 1, sizeof(*l->files));
	l->rules = calloc(n_paths ? n_paths : 1, sizeof(*l->rules));
	if (!l->files || !l->rules) {
		free(l->files);
		free(l->rules);
		sn_free_paths(paths, n_paths);
		fprintf(stderr, "smmu-nest export: out of memory\n");
		return EXIT_USAGE;
	}
	for (unsigned i = 0; i < n_paths && rc == 0; i++) {
		struct sn_vector_file *f = &l->files[l->n_files];

		if (sn_is_rules_path(paths[i])) {
			if (o->format != FMT_JSON)
				continue;
			if (sn_rule_file_load(paths[i], &l->rules[l->n_rules], &err) != 0) {
				fprintf(stderr, "%s\n", err.msg);
				rc = EXIT_USAGE;
				break;
			}
			l->n_rules++;
			continue;
		}
		if (sn_vector_file_load(paths[i], f, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			rc = EXIT_USAGE;
			break;
		}
		l->n_files++;
		if (o->format == FMT_JSON || !area_exported(f))
			continue;
		n_exported++;
		if (o->policy)
			continue;
		if (!first) {
			first = f;
		} else if (f->default_policy != first->default_policy) {
			rc = cli_usage_error("export", "'%s' defaults to policy %s but '%s' to %s; "
					     "choose one with --policy", first->path,
					     first->default_policy->name, f->path,
					     f->default_policy->name);
		}
	}
	sn_free_paths(paths, n_paths);
	if (o->format == FMT_JSON) {
		if (rc != 0)
			free_loaded(l);
		return rc;
	}
	if (rc == 0 && n_exported == 0) {
		fprintf(stderr, "smmu-nest export: no vste or hitless vector files found\n");
		rc = EXIT_USAGE;
	}
	if (rc != 0) {
		free_loaded(l);
		return rc;
	}
	l->policy = o->policy ? o->policy : first->default_policy;
	l->policy_index = policy_index_of(l->policy);
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

/* Text inside a C comment: never let it close the comment. */
static void put_comment_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/')
			fputs("* ", out);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

/* A C string literal (vector ids are plain, but be safe). */
static void put_c_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/*
 * Words as a brace list: up to 2 on one line; 8 below the member, 4 a line
 * (2 in an any_of[] alternative, to stay within 100 columns), indented by
 * @indent and two spaces.  Zero-padded, so that field positions line up
 * from row to row; no suffix (a hex constant takes the unsigned type it
 * needs).
 */
static void put_words(FILE *out, const char *indent, const u64 *w, unsigned n)
{
	const unsigned per_line = strlen(indent) > 2 ? 2 : 4;

	if (n <= 2) {
		fputs("{ ", out);
		for (unsigned i = 0; i < n; i++)
			fprintf(out, "%s0x%016" PRIx64, i ? ", " : "", w[i]);
		fputs(" }", out);
		return;
	}
	fputc('{', out);
	for (unsigned i = 0; i < n; i++) {
		if (i % per_line == 0)
			fprintf(out, "%s\n%s  ", i ? "," : "", indent);
		else
			fputs(", ", out);
		fprintf(out, "0x%016" PRIx64, w[i]);
	}
	fputs(" }", out);
}

/* The header's name of each kernel step. */
static const char *const stage_macros[SN_STAGE_COUNT] = {
	[SN_STAGE_NONE] = "SMMU_NEST_STAGE_ANY",
	[SN_STAGE_VIOMMU] = "SMMU_NEST_STAGE_VIOMMU",
	[SN_STAGE_ALLOC] = "SMMU_NEST_STAGE_ALLOC",
	[SN_STAGE_ATTACH] = "SMMU_NEST_STAGE_ATTACH",
};

/* The macro name of host fact @i: "ats-supported" -> SMMU_NEST_ENV_ATS_SUPPORTED. */
static void put_env_macro(FILE *out, unsigned i)
{
	fputs("SMMU_NEST_ENV_", out);
	for (const char *s = host_env_keys[i].name; *s; s++)
		fputc(*s == '-' ? '_' : (*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s), out);
}

static bool env_bit(const struct host_env *env, unsigned i)
{
	bool b;

	memcpy(&b, (const char *)env + host_env_keys[i].offset, sizeof(b));
	return b;
}

/* The facts as SMMU_NEST_ENV_DEFAULT, plus what is set, minus what is cleared. */
static void env_expr(FILE *out, const struct host_env *env)
{
	struct host_env def;
	unsigned n_set = 0, n_clr = 0;

	host_env_default(&def);
	for (unsigned i = 0; i < host_env_key_count; i++) {
		n_set += env_bit(env, i) && !env_bit(&def, i);
		n_clr += !env_bit(env, i) && env_bit(&def, i);
	}
	fputs(n_set && n_clr ? "(SMMU_NEST_ENV_DEFAULT" : "SMMU_NEST_ENV_DEFAULT", out);
	for (unsigned i = 0; i < host_env_key_count; i++) {
		if (env_bit(env, i) && !env_bit(&def, i)) {
			fputs(" | ", out);
			put_env_macro(out, i);
		}
	}
	if (n_set && n_clr)
		fputc(')', out);
	if (n_clr) {
		bool first = true;

		fputs(" & ", out);
		fputs(n_clr > 1 ? "~(" : "~", out);
		for (unsigned i = 0; i < host_env_key_count; i++) {
			if (!env_bit(env, i) && env_bit(&def, i)) {
				if (!first)
					fputs(" | ", out);
				put_env_macro(out, i);
				first = false;
			}
		}
		if (n_clr > 1)
			fputc(')', out);
	}
}

#define WRAP_COLUMN 100

/*
 * "\t\t.env = EXPR,": the expression wrapped before an operator where a line
 * would pass WRAP_COLUMN, continued below its start.
 */
static void put_env(FILE *out, const struct host_env *env)
{
	static const char lead[] = "\t\t.env = ";
	const unsigned start = 16 + 7;          /* two tabs and ".env = " */
	char *expr = NULL, *save = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&expr, &len);
	unsigned col = start;
	const char *op = NULL;

	if (mem) {
		env_expr(mem, env);
		if (fclose(mem) != 0) {
			free(expr);
			expr = NULL;
		}
	}
	fputs(lead, out);
	if (!expr) {
		/* no memory to wrap in: the same expression on one line */
		env_expr(out, env);
		fputs(",\n", out);
		return;
	}
	for (char *w = strtok_r(expr, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "|") == 0 || strcmp(w, "&") == 0) {
			op = w;
			continue;
		}
		if (op) {
			size_t need = 1 + strlen(op) + 1 + strlen(w) + 1;

			if (col + need > WRAP_COLUMN) {
				fprintf(out, "\n\t\t       %s %s", op, w);
				col = start + (unsigned)(strlen(op) + 1 + strlen(w));
			} else {
				fprintf(out, " %s %s", op, w);
				col += (unsigned)need - 1;
			}
			op = NULL;
		} else {
			fputs(w, out);
			col += (unsigned)strlen(w);
		}
	}
	fputs(",\n", out);
	free(expr);
}

/* The members of one result (ok or error), at @indent. */
static void put_result_members(FILE *out, const char *indent, const struct sn_outcome *o)
{
	if (o->kind == SN_RES_OK) {
		fprintf(out, "%s.err = 0,\n%s.ste = ", indent, indent);
		put_words(out, indent, o->ste, STE_DWORDS);
		fprintf(out, ",\n%s.ats = %s,\n", indent, o->ats ? "true" : "false");
	} else {
		fprintf(out, "%s.err = -%s,\n%s.stage = %s,\n", indent, sn_errno_name(o->err),
			indent, stage_macros[o->has_stage ? o->stage : SN_STAGE_NONE]);
	}
}

static void put_vste_case(FILE *out, const struct sn_vector *v, const struct sn_outcome *o)
{
	fputs("\t{\n\t\t.name = ", out);
	put_c_string(out, v->id);
	fputs(",\n\t\t.vste = ", out);
	put_words(out, "\t\t", v->vste, 2);
	fputs(",\n\t\t.parent = ", out);
	put_words(out, "\t\t", v->parent, STE_DWORDS);
	fputs(",\n", out);
	put_env(out, &v->env);
	fprintf(out, "\t\t.alloc_flags = 0x%" PRIx32 ",\n", v->env.alloc_flags);
	if (o->kind != SN_RES_ACCEPTABLE) {
		put_result_members(out, "\t\t", o);
	} else {
		fprintf(out, "\t\t.n_any_of = %u,\n", o->n_any_of);
		fputs("\t\t.any_of = (const struct smmu_nest_vste_result[]){\n", out);
		for (unsigned i = 0; i < o->n_any_of; i++) {
			fputs("\t\t\t{\n", out);
			put_result_members(out, "\t\t\t\t", &o->any_of[i]);
			fputs("\t\t\t},\n", out);
		}
		fputs("\t\t},\n", out);
	}
	fputs("\t},\n", out);
}

/* @v's vste expectation under @pi, or NULL when @v is left out. */
static const struct sn_outcome *vste_outcome(const struct sn_vector *v, unsigned pi)
{
	if (!(v->policy_mask & (1u << pi)))
		return NULL;
	return sn_vector_expect_for(v, pi);
}

/* @v's hitless expectation under @pi, or NULL when @v is left out. */
static const struct sn_hitless_outcome *hitless_outcome(const struct sn_vector *v, unsigned pi)
{
	if (!(v->policy_mask & (1u << pi)))
		return NULL;
	return sn_hitless_expect_for(sn_hitless_of(v), pi);
}

/* Is @v, of @f (an exported area), a row under @pi? */
static bool exported(const struct sn_vector_file *f, const struct sn_vector *v, unsigned pi)
{
	return is_vste(f) ? vste_outcome(v, pi) != NULL : hitless_outcome(v, pi) != NULL;
}

static unsigned file_rows(const struct sn_vector_file *f, unsigned pi)
{
	unsigned n = 0;

	for (unsigned k = 0; k < f->n_vectors; k++)
		n += exported(f, &f->vectors[k], pi);
	return n;
}

static void put_hitless_case(FILE *out, const struct sn_vector *v,
			     const struct sn_hitless_outcome *o)
{
	const struct sn_hitless *h = sn_hitless_of(v);

	fputs("\t{\n\t\t.name = ", out);
	put_c_string(out, v->id);
	fprintf(out, ",\n\t\t.kind = %s,\n\t\t.from = ",
		h->kind == WRITER_STE ? "SMMU_NEST_KIND_STE" : "SMMU_NEST_KIND_CD");
	put_words(out, "\t\t", h->from, WRITER_QWORDS);
	fputs(",\n\t\t.to = ", out);
	put_words(out, "\t\t", h->to, WRITER_QWORDS);
	fprintf(out, ",\n\t\t.syncs = %u,\n\t\t.hitless = %s,\n\t},\n", o->syncs,
		o->hitless ? "true" : "false");
}

static void put_policy_list(FILE *out, unsigned mask)
{
	bool first = true;

	for (unsigned i = 0; i < host_policy_count; i++) {
		if (!(mask & (1u << i)))
			continue;
		fprintf(out, "%s%s", first ? "" : ", ", host_policies[i]->name);
		first = false;
	}
	if (first)
		fputs("none", out);
}

static unsigned count_rows(const struct loaded *l, bool (*area)(const struct sn_vector_file *))
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->n_files; i++)
		if (area(&l->files[i]))
			n += file_rows(&l->files[i], l->policy_index);
	return n;
}

/*
 * One area's array: SMMU_NEST_<AREA>_CASE_COUNT, then the rows of every
 * file of the area in order, each file introduced by its path (no array
 * at all when there are no rows: C has no empty arrays).
 */
static void put_array(FILE *out, const struct loaded *l, bool vste)
{
	const char *name = vste ? "vste" : "hitless";
	const unsigned n = vste ? l->n_vste : l->n_hitless;

	fprintf(out, "#define SMMU_NEST_%s_CASE_COUNT %u\n", vste ? "VSTE" : "HITLESS", n);
	if (n == 0) {
		bool any_file = false;

		for (unsigned i = 0; i < l->n_files; i++)
			any_file |= vste ? is_vste(&l->files[i]) : is_hitless(&l->files[i]);
		fprintf(out, "/* No %s %s: no array. */\n\n", name,
			any_file ? "vector runs under this policy" : "vector file was given");
		return;
	}
	fprintf(out, "\nstatic const struct smmu_nest_%s_case smmu_nest_%s_cases[] = {\n",
		name, name);
	for (unsigned i = 0; i < l->n_files; i++) {
		const struct sn_vector_file *f = &l->files[i];

		if (vste ? !is_vste(f) : !is_hitless(f))
			continue;
		fputs("\t/* ", out);
		put_comment_text(out, f->path);
		fputs(" */\n", out);
		for (unsigned k = 0; k < f->n_vectors; k++) {
			const struct sn_vector *v = &f->vectors[k];

			if (vste && vste_outcome(v, l->policy_index)) {
				put_vste_case(out, v, vste_outcome(v, l->policy_index));
				continue;
			}
			if (!vste && hitless_outcome(v, l->policy_index)) {
				put_hitless_case(out, v, hitless_outcome(v, l->policy_index));
				continue;
			}
			fputs("\t/* ", out);
			put_comment_text(out, v->id);
			fprintf(out, ": left out, it does not run under %s (its policies: ",
				l->policy->name);
			put_policy_list(out, v->policy_mask);
			fputs(") */\n", out);
		}
	}
	fputs("};\n\n", out);
}

static void put_preamble(FILE *out, const struct export_opts *o, const struct loaded *l)
{
	fprintf(out, "/* SPDX-License-Identifier: MIT */\n"
		"/*\n"
		" * Generated by smmu-nest %s (smmu-nest export --format=kunit); do not\n"
		" * edit. Vector schema %d; host policy %s (%s).\n"
		" *\n"
		" * Sources:\n", SMMU_NEST_VERSION, SMMU_NEST_SCHEMA_VERSION, l->policy->name,
		o->policy ? "--policy" : "the files' default-policy");
	for (unsigned i = 0; i < l->n_files; i++) {
		const struct sn_vector_file *f = &l->files[i];

		fputs(" *   ", out);
		put_comment_text(out, f->path);
		if (area_exported(f)) {
			fprintf(out, ": area %s, %u of %u vectors\n", f->area,
				file_rows(f, l->policy_index), f->n_vectors);
		} else {
			fputs(": area ", out);
			put_comment_text(out, f->area);
			fputs(", not exported (no KUnit form)\n", out);
		}
	}
	fputs(" *\n"
	      " * Every row holds the expectation under that one policy: a KUnit test\n"
	      " * runs against one kernel. A vector that does not run under it is left\n"
	      " * out, with a comment at its place.\n"
	      " *\n"
	      " * vste rows: errors are the negative errno the kernel returns; stage\n"
	      " * says which step returns it (SMMU_NEST_STAGE_ANY: the vector does not\n"
	      " * say). Where the architecture or the kernel allows more than one result\n"
	      " * (an 'acceptable' expectation), the row's any_of[] holds every\n"
	      " * alternative and its single-result members are zero: the kernel passes\n"
	      " * when its result matches any one of them.\n"
	      " *\n"
	      " * hitless rows: syncs and hitless as the kernel's KUnit harness counts\n"
	      " * them for arm_smmu_write_entry() from 'from' to 'to' (smmu-nest's\n"
	      " * linux.md, section 6.2).\n"
	      " */\n", out);
}

static void put_definitions(FILE *out, const struct loaded *l)
{
	struct host_env def;
	bool first = true;

	fprintf(out, "#ifndef SMMU_NEST_KUNIT_VECTORS_H\n"
		"#define SMMU_NEST_KUNIT_VECTORS_H\n"
		"\n"
		"#ifdef __KERNEL__\n"
		"#include <linux/errno.h>\n"
		"#include <linux/types.h>\n"
		"#else\n"
		"#include <errno.h>\n"
		"#include <stdbool.h>\n"
		"#include <stdint.h>\n"
		"typedef uint8_t u8;\n"
		"typedef uint32_t u32;\n"
		"typedef uint64_t u64;\n"
		"#endif\n"
		"\n"
		"#define SMMU_NEST_KUNIT_SCHEMA %d\n"
		"#define SMMU_NEST_KUNIT_POLICY \"%s\"\n"
		"\n"
		"/* Host facts (smmu-nest vste --help; vectors/SCHEMA.md, area vste). */\n",
		SMMU_NEST_SCHEMA_VERSION, l->policy->name);
	for (unsigned i = 0; i < host_env_key_count; i++) {
		fputs("#define ", out);
		put_env_macro(out, i);
		fprintf(out, " (1u << %u)\n", i);
	}
	host_env_default(&def);
	fputs("/* The host on which every precondition holds. */\n"
	      "#define SMMU_NEST_ENV_DEFAULT (", out);
	for (unsigned i = 0; i < host_env_key_count; i++) {
		if (!env_bit(&def, i))
			continue;
		fputs(first ? "" : " | \\\n\t\t\t       ", out);
		put_env_macro(out, i);
		first = false;
	}
	fputs(")\n"
	      "\n"
	      "/* The kernel step that refuses a vSTE. */\n"
	      "#define SMMU_NEST_STAGE_ANY 0\n"
	      "#define SMMU_NEST_STAGE_VIOMMU 1  /* IOMMU_VIOMMU_ALLOC */\n"
	      "#define SMMU_NEST_STAGE_ALLOC 2   /* IOMMU_HWPT_ALLOC of the nested domain */\n"
	      "#define SMMU_NEST_STAGE_ATTACH 3  /* attaching the device to it */\n"
	      "\n"
	      "/* One result: 0 and the physical STE, or a negative errno. */\n"
	      "struct smmu_nest_vste_result {\n"
	      "\tint err;\t\t/* 0, or -EIO, -EINVAL, ... as the kernel returns */\n"
	      "\tu8 stage;\t\t/* SMMU_NEST_STAGE_* that returns err */\n"
	      "\tu64 ste[8];\t\t/* err == 0: the physical STE installed */\n"
	      "\tbool ats;\t\t/* err == 0: ATS enabled on the device */\n"
	      "};\n"
	      "\n"
	      "/* One guest vSTE, the host it meets, and what the kernel must do. */\n"
	      "struct smmu_nest_vste_case {\n"
	      "\tconst char *name;\t/* the vector id */\n"
	      "\tu64 vste[2];\t\t/* struct iommu_hwpt_arm_smmuv3.ste */\n"
	      "\tu64 parent[8];\t\t/* the nest parent's stage-2 STE */\n"
	      "\tu32 env;\t\t/* SMMU_NEST_ENV_* host facts that hold */\n"
	      "\tu32 alloc_flags;\t/* flags of the nested HWPT allocation */\n"
	      "\tint err;\t\t/* 0, or -EIO, -EINVAL, ... as the kernel returns */\n"
	      "\tu8 stage;\t\t/* SMMU_NEST_STAGE_* that returns err */\n"
	      "\tu64 ste[8];\t\t/* err == 0: the physical STE installed */\n"
	      "\tbool ats;\t\t/* err == 0: ATS enabled on the device */\n"
	      "\tunsigned int n_any_of;\t/* > 0: the result is any one of any_of[] */\n"
	      "\tconst struct smmu_nest_vste_result *any_of;\n"
	      "};\n"
	      "\n"
	      "/* The entry a live update rewrites. */\n"
	      "#define SMMU_NEST_KIND_STE 0\n"
	      "#define SMMU_NEST_KIND_CD 1\n"
	      "\n"
	      "/* One live update of an STE or a CD, and what the entry writer must do. */\n"
	      "struct smmu_nest_hitless_case {\n"
	      "\tconst char *name;\t/* the vector id */\n"
	      "\tu8 kind;\t\t/* SMMU_NEST_KIND_* */\n"
	      "\tu64 from[8];\t\t/* the entry before the update */\n"
	      "\tu64 to[8];\t\t/* the target entry */\n"
	      "\tunsigned int syncs;\t/* entry_set() calls that changed a qword (each synced) */\n"
	      "\tbool hitless;\t\t/* no synced intermediate entry has qword 0 == 0 */\n"
	      "};\n"
	      "\n", out);
}

static void write_header(FILE *out, const struct export_opts *o, struct loaded *l)
{
	l->n_vste = count_rows(l, is_vste);
	l->n_hitless = count_rows(l, is_hitless);
	put_preamble(out, o, l);
	put_definitions(out, l);
	put_array(out, l, true);
	put_array(out, l, false);
	fputs("#endif /* SMMU_NEST_KUNIT_VECTORS_H */\n", out);
}

/* ---- json: the writer ---------------------------------------------------- */

/*
 * A small JSON writer: objects and arrays open on their own lines, indented
 * by two spaces a level, except "flat" ones (word lists, small records),
 * which stay on one line, as does everything inside them.  The order of
 * keys is the order of the calls, so the output is deterministic.
 */
#define JW_MAX_DEPTH 32

struct jw {
	FILE *out;
	unsigned depth;
	bool first[JW_MAX_DEPTH];       /* nothing written in this container yet */
	bool flat[JW_MAX_DEPTH];        /* this container is on one line */
	bool keyed;                     /* a key was written: its value follows */
	bool overflow;                  /* nesting deeper than JW_MAX_DEPTH (a bug) */
};

static void jw_indent(struct jw *w, unsigned depth)
{
	fputc('\n', w->out);
	for (unsigned i = 0; i < depth; i++)
		fputs("  ", w->out);
}

/* What goes before a value or a key in the current container. */
static void jw_sep(struct jw *w)
{
	if (w->keyed) {
		w->keyed = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		fputc(',', w->out);
	if (!w->flat[w->depth])
		jw_indent(w, w->depth);
	else if (!w->first[w->depth])
		fputc(' ', w->out);
	w->first[w->depth] = false;
}

static void jw_open(struct jw *w, char c, bool flat)
{
	jw_sep(w);
	fputc(c, w->out);
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		w->overflow = true;
		return;
	}
	w->depth++;
	w->first[w->depth] = true;
	w->flat[w->depth] = flat || (w->depth > 1 && w->flat[w->depth - 1]);
}

static void jw_close(struct jw *w, char c)
{
	if (w->depth == 0) {
		w->overflow = true;
		return;
	}
	if (!w->first[w->depth] && !w->flat[w->depth])
		jw_indent(w, w->depth - 1);
	w->depth--;
	fputc(c, w->out);
}

static void jw_obj(struct jw *w) { jw_open(w, '{', false); }
static void jw_flat_obj(struct jw *w) { jw_open(w, '{', true); }
static void jw_end_obj(struct jw *w) { jw_close(w, '}'); }
static void jw_arr(struct jw *w) { jw_open(w, '[', false); }
static void jw_flat_arr(struct jw *w) { jw_open(w, '[', true); }
static void jw_end_arr(struct jw *w) { jw_close(w, ']'); }

/* The length of the well-formed UTF-8 sequence at @s (RFC 3629), or 0. */
static unsigned utf8_seq_len(const unsigned char *s)
{
	unsigned n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* the second byte's range excludes overlong forms, surrogates, > U+10FFFF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (unsigned i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/*
 * A JSON string: quotes, backslashes and control characters escaped, UTF-8
 * kept as is; a byte that starts no well-formed sequence (a file name need
 * not be UTF-8) becomes U+FFFD, so that the document stays valid.
 */
static void jw_string_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	while (*p) {
		unsigned n;

		switch (*p) {
		case '"': fputs("\\\"", out); p++; continue;
		case '\\': fputs("\\\\", out); p++; continue;
		case '\b': fputs("\\b", out); p++; continue;
		case '\f': fputs("\\f", out); p++; continue;
		case '\n': fputs("\\n", out); p++; continue;
		case '\r': fputs("\\r", out); p++; continue;
		case '\t': fputs("\\t", out); p++; continue;
		default: break;
		}
		if (*p < 0x20) {
			fprintf(out, "\\u%04x", *p);
			p++;
			continue;
		}
		n = utf8_seq_len(p);
		if (n == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		fwrite(p, 1, n, out);
		p += n;
	}
	fputc('"', out);
}

static void jw_key(struct jw *w, const char *k)
{
	jw_sep(w);
	jw_string_text(w->out, k);
	fputs(": ", w->out);
	w->keyed = true;
}

static void jw_null(struct jw *w)
{
	jw_sep(w);
	fputs("null", w->out);
}

/* A string, or null for NULL. */
static void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_sep(w);
	jw_string_text(w->out, s);
}

static void jw_hex(struct jw *w, u64 v)
{
	jw_sep(w);
	fprintf(w->out, "\"0x%" PRIx64 "\"", v);
}

static void jw_bool(struct jw *w, bool b)
{
	jw_sep(w);
	fputs(b ? "true" : "false", w->out);
}

/* A JSON number: only the format version and source line numbers. */
static void jw_num(struct jw *w, unsigned v)
{
	jw_sep(w);
	fprintf(w->out, "%u", v);
}

static void jk_str(struct jw *w, const char *k, const char *s) { jw_key(w, k); jw_str(w, s); }
static void jk_hex(struct jw *w, const char *k, u64 v) { jw_key(w, k); jw_hex(w, v); }
static void jk_bool(struct jw *w, const char *k, bool b) { jw_key(w, k); jw_bool(w, b); }
static void jk_null(struct jw *w, const char *k) { jw_key(w, k); jw_null(w); }
static void jk_num(struct jw *w, const char *k, unsigned v) { jw_key(w, k); jw_num(w, v); }

static void jk_words(struct jw *w, const char *k, const u64 *v, unsigned n)
{
	jw_key(w, k);
	jw_flat_arr(w);
	for (unsigned i = 0; i < n; i++)
		jw_hex(w, v[i]);
	jw_end_arr(w);
}

static void jk_strings(struct jw *w, const char *k, char *const *v, unsigned n)
{
	jw_key(w, k);
	jw_flat_arr(w);
	for (unsigned i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_end_arr(w);
}

/* The names of the policies in @mask, in the order of host_policies[]. */
static void jk_policies(struct jw *w, const char *k, unsigned mask)
{
	jw_key(w, k);
	jw_flat_arr(w);
	for (unsigned i = 0; i < host_policy_count; i++)
		if (mask & (1u << i))
			jw_str(w, host_policies[i]->name);
	jw_end_arr(w);
}

/* ---- json: shared parts --------------------------------------------------- */

/* What the export of one file needs besides the writer. */
struct jctx {
	struct jw w;
	struct sn_error err;            /* set when a scenario does not build */
};

static void j_vector_head(struct jw *w, const struct sn_vector *v)
{
	jk_str(w, "id", v->id);
	jk_num(w, "line", v->loc.line);
	jk_strings(w, "rules", v->rules, v->n_rules);
	jk_strings(w, "cites", v->cites, v->n_cites);
	jk_strings(w, "flags", v->flags, v->n_flags);
	jk_str(w, "comment", v->comment);
}

/* ---- json: area vste ---------------------------------------------------- */

static void j_vste_result(struct jw *w, const struct sn_outcome *o)
{
	if (o->kind == SN_RES_OK) {
		jw_obj(w);
		jk_str(w, "result", "ok");
		jk_words(w, "ste", o->ste, STE_DWORDS);
		jk_bool(w, "ats", o->ats);
		jw_end_obj(w);
		return;
	}
	if (o->kind == SN_RES_ERROR) {
		jw_flat_obj(w);
		jk_str(w, "result", "error");
		jk_str(w, "errno", sn_errno_name(o->err));
		jk_str(w, "stage", o->has_stage ? sn_stage_name(o->stage) : NULL);
		jw_end_obj(w);
		return;
	}
	jw_obj(w);
	jk_str(w, "result", "acceptable");
	jw_key(w, "any-of");
	jw_arr(w);
	for (unsigned i = 0; i < o->n_any_of; i++)
		j_vste_result(w, &o->any_of[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

static bool env_fact(const struct host_env *env, unsigned i)
{
	bool b;

	memcpy(&b, (const char *)env + host_env_keys[i].offset, sizeof(b));
	return b;
}

static void j_vste_vector(struct jw *w, const struct sn_vector *v)
{
	jw_obj(w);
	j_vector_head(w, v);
	jk_policies(w, "policies", v->policy_mask);
	jw_key(w, "input");
	jw_obj(w);
	jk_words(w, "vste", v->vste, 2);
	jk_words(w, "parent", v->parent, STE_DWORDS);
	jw_key(w, "env");
	jw_obj(w);
	for (unsigned i = 0; i < host_env_key_count; i++)
		jk_bool(w, host_env_keys[i].name, env_fact(&v->env, i));
	jk_hex(w, "alloc-flags", v->env.alloc_flags);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_key(w, "expect");
	jw_obj(w);
	for (unsigned i = 0; i < host_policy_count; i++) {
		const struct sn_outcome *o;

		if (!(v->policy_mask & (1u << i)))
			continue;
		jw_key(w, host_policies[i]->name);
		o = sn_vector_expect_for(v, i);
		if (o)
			j_vste_result(w, o);
		else
			jw_null(w);
	}
	jw_end_obj(w);
	jw_end_obj(w);
}

/* ---- json: area hitless ------------------------------------------------- */

static void j_hitless_vector(struct jw *w, const struct sn_vector *v)
{
	const struct sn_hitless *h = sn_hitless_of(v);

	jw_obj(w);
	j_vector_head(w, v);
	jk_policies(w, "policies", v->policy_mask);
	jw_key(w, "input");
	jw_obj(w);
	jk_str(w, "kind", sn_hitless_kind_name(h->kind));
	jk_words(w, "from", h->from, WRITER_QWORDS);
	jk_words(w, "to", h->to, WRITER_QWORDS);
	jw_end_obj(w);
	jw_key(w, "expect");
	jw_obj(w);
	for (unsigned i = 0; i < host_policy_count; i++) {
		const struct sn_hitless_outcome *o;

		if (!(v->policy_mask & (1u << i)))
			continue;
		jw_key(w, host_policies[i]->name);
		o = sn_hitless_expect_for(h, i);
		if (!o) {
			jw_null(w);
			continue;
		}
		jw_flat_obj(w);
		jk_hex(w, "syncs", o->syncs);
		jk_bool(w, "hitless", o->hitless);
		jk_str(w, "path", o->has_path ? sn_hitless_path_name(o->path) : NULL);
		jk_str(w, "torn", o->torn_unsafe ? "unsafe" : "safe");
		jw_end_obj(w);
	}
	jw_end_obj(w);
	jw_end_obj(w);
}

/* ---- json: architecture scenarios ----------------------------------------- */

/* The smmu keys of vectors/SCHEMA.md, in its order, over struct sn_scn_smmu. */
struct j_smmu_key {
	const char *name;
	size_t offset;
	bool is_bool;
};

#define J_IDR_BOOL(n, m) { n, offsetof(struct sn_scn_smmu, idr.m), true }
#define J_IDR_U8(n, m) { n, offsetof(struct sn_scn_smmu, idr.m), false }

static const struct j_smmu_key j_smmu_keys[] = {
	J_IDR_BOOL("s2p", s2p), J_IDR_BOOL("s1p", s1p), J_IDR_U8("ttf", ttf),
	J_IDR_U8("httu", httu), J_IDR_BOOL("hyp", hyp), J_IDR_BOOL("ats", ats),
	J_IDR_BOOL("ns1ats", ns1ats), J_IDR_BOOL("asid16", asid16),
	J_IDR_BOOL("vmid16", vmid16), J_IDR_BOOL("cd2l", cd2l), J_IDR_U8("ttendian", ttendian),
	J_IDR_U8("stall-model", stall_model), J_IDR_BOOL("term-model", term_model),
	J_IDR_U8("st-level", st_level), J_IDR_U8("sidsize", sidsize),
	J_IDR_U8("ssidsize", ssidsize), J_IDR_BOOL("fwb", fwb), J_IDR_BOOL("stt", stt),
	J_IDR_BOOL("ril", ril), J_IDR_BOOL("xnx", xnx), J_IDR_U8("oas", oas),
	J_IDR_BOOL("gran4k", gran4k), J_IDR_BOOL("gran16k", gran16k),
	J_IDR_BOOL("gran64k", gran64k),
	{ "cr0-atschk", offsetof(struct sn_scn_smmu, cr0_atschk), true },
	{ "cr2-recinvsid", offsetof(struct sn_scn_smmu, cr2_recinvsid), true },
	{ "cr2-e2h", offsetof(struct sn_scn_smmu, cr2_e2h), true },
};

static void j_smmu(struct jw *w, const struct sn_scn_smmu *s)
{
	jw_key(w, "smmu");
	jw_obj(w);
	for (unsigned i = 0; i < sizeof(j_smmu_keys) / sizeof(j_smmu_keys[0]); i++) {
		const char *at = (const char *)s + j_smmu_keys[i].offset;

		if (j_smmu_keys[i].is_bool) {
			bool b;

			memcpy(&b, at, sizeof(b));
			jk_bool(w, j_smmu_keys[i].name, b);
		} else {
			u8 v;

			memcpy(&v, at, sizeof(v));
			jk_hex(w, j_smmu_keys[i].name, v);
		}
	}
	jw_end_obj(w);
}

static void j_memory(struct jw *w, const struct sn_scn_memory *m)
{
	jw_key(w, "memory");
	jw_obj(w);
	jk_hex(w, "max-pages", m->max_pages);
	jw_key(w, "raw");
	jw_arr(w);
	for (unsigned i = 0; i < m->n_raw; i++) {
		jw_flat_obj(w);
		jk_hex(w, "addr", m->raw[i].addr);
		jk_words(w, "words", m->raw[i].words, m->raw[i].n_words);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_key(w, "aborts");
	jw_arr(w);
	for (unsigned i = 0; i < m->n_aborts; i++) {
		jw_flat_obj(w);
		jk_hex(w, "addr", m->aborts[i].addr);
		jk_hex(w, "size", m->aborts[i].size);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

static const char *granule_name(unsigned shift)
{
	return shift == 12 ? "4k" : shift == 14 ? "16k" : shift == 16 ? "64k" : "?";
}

static void j_mapping(struct jw *w, unsigned stage, const struct sn_tt_map *m)
{
	jw_flat_obj(w);
	jk_hex(w, "ia", m->ia);
	jk_hex(w, "oa", m->oa);
	jk_hex(w, "size", m->size);
	if (stage == 1) {
		/* the loader keeps UXN and PXN as XN[1:0] = {UXN, PXN} */
		jk_hex(w, "ap", m->ap);
		jk_bool(w, "uxn", m->xn & 2);
		jk_bool(w, "pxn", m->xn & 1);
		jk_hex(w, "attr-indx", m->attr);
		jk_bool(w, "ng", m->ng);
	} else {
		jk_hex(w, "s2ap", m->ap);
		jk_hex(w, "xn", m->xn);
		jk_hex(w, "memattr", m->attr);
	}
	jk_hex(w, "sh", m->sh);
	jk_bool(w, "af", m->af);
	jw_end_obj(w);
}

static void j_tables(struct jw *w, const struct sn_scenario *s, const struct sn_built *b)
{
	jw_key(w, "tables");
	jw_arr(w);
	for (unsigned i = 0; i < s->n_tables; i++) {
		const struct sn_scn_table *t = &s->tables[i];
		const struct sn_tt *tt = &b->tts[i];

		jw_obj(w);
		jk_str(w, "name", t->name);
		jk_num(w, "line", t->loc.line);
		jk_hex(w, "stage", t->cfg.stage);
		jk_str(w, "granule", granule_name(t->cfg.granule_shift));
		jk_hex(w, "tsz", t->cfg.tsz);
		jk_hex(w, "start-level", (u64)tt->start_level);
		jk_hex(w, "concat", tt->concat);
		jw_key(w, "pool");
		jw_flat_obj(w);
		jk_hex(w, "base", t->cfg.pool_base);
		jk_hex(w, "size", t->cfg.pool_size);
		jw_end_obj(w);
		jk_str(w, "s2", t->s2 >= 0 ? s->tables[t->s2].name : NULL);
		jk_hex(w, "ttb", tt->ttb);
		jk_hex(w, "tg", tt->tg);
		if (t->cfg.stage == 1) {
			jk_hex(w, "tg1", tt->tg1);
			jk_null(w, "sl0");
			jk_bool(w, "ttb1", tt->ttb1);
		} else {
			jk_null(w, "tg1");
			jk_hex(w, "sl0", tt->sl0);
			jk_bool(w, "ttb1", false);
		}
		jw_key(w, "mappings");
		jw_arr(w);
		for (unsigned k = 0; k < t->n_maps; k++)
			j_mapping(w, t->cfg.stage, &t->maps[k]);
		jw_end_arr(w);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

/* "tables.NAME.ttb", "cds.NAME.fmt", ...: the reference of @fv in full. */
static void ref_text(const struct sn_scenario *s, const struct sn_field_value *fv, char *buf,
		     size_t len)
{
	static const char *const table_attrs[] = {
		[SN_REF_ADDR] = "ttb", [SN_REF_SL0] = "sl0", [SN_REF_TSZ] = "tsz",
		[SN_REF_TG] = "tg", [SN_REF_FMT] = "?",
	};

	if (fv->ref == SN_REF_TABLE)
		snprintf(buf, len, "tables.%s.%s", s->tables[fv->ref_index].name,
			 table_attrs[fv->ref_attr]);
	else
		snprintf(buf, len, "cds.%s.%s", s->cdtabs[fv->ref_index].name,
			 fv->ref_attr == SN_REF_FMT ? "fmt" : "base");
}

/*
 * An STE or a CD: how it was given (its fields, each with the value it
 * resolves to in the built scenario), and the eight words at @pa in the
 * built memory, which is what the SMMU reads at the start; 'patched' when
 * a later write of the build (a raw memory word, or another structure
 * placed over them) changed them after the builder wrote them.
 */
static void j_struct(struct jw *w, const struct sn_scenario *s, const struct sn_built *b,
		     const struct sn_struct_spec *sp, u64 pa)
{
	u64 composed[8] = { 0 }, words[8];
	bool patched = false;

	jk_str(w, "given", sp->raw ? "words" : "fields");
	jw_key(w, "fields");
	jw_arr(w);
	for (unsigned i = 0; i < sp->n_fields; i++) {
		const struct sn_field_value *fv = &sp->fields[i];
		u64 v = 0;
		char ref[160];

		sn_ref_value(s, b, fv, &v);
		/* as the builder composes it: an address in place, else the value shifted */
		composed[fv->field->dw] |= fv->is_addr ? v : sn_field_prep(fv->field->mask, v);
		jw_flat_obj(w);
		jk_str(w, "name", fv->field->name);
		jk_hex(w, "value", v);
		jk_bool(w, "address", fv->is_addr);
		if (fv->ref == SN_REF_NONE) {
			jk_null(w, "ref");
		} else {
			ref_text(s, fv, ref, sizeof(ref));
			jk_str(w, "ref", ref);
		}
		jw_end_obj(w);
	}
	jw_end_arr(w);
	if (sp->raw)
		memcpy(composed, sp->words, sizeof(composed));
	for (unsigned i = 0; i < 8; i++) {
		words[i] = sn_mem_read64(b->mem, pa + 8 * i);
		patched |= words[i] != composed[i];
	}
	jk_hex(w, "pa", pa);
	jk_words(w, "words", words, 8);
	jk_bool(w, "patched", patched);
}

static const struct sn_scn_l1 *j_find_l1(const struct sn_scn_l1 *l1, unsigned n, u32 index)
{
	for (unsigned i = 0; i < n; i++)
		if (l1[i].index == index)
			return &l1[i];
	return NULL;
}

/* Where the builder put STE @e (vectors/SCHEMA.md "stream-table"); it built, so it exists. */
static u64 j_ste_pa(const struct sn_scn_strtab *st, const struct sn_scn_entry *e)
{
	const u32 sid = e->index;
	const struct sn_scn_l1 *l1;
	unsigned span;

	if (st->fmt == SN_STRTAB_LINEAR)
		return st->base + 64ULL * sid;
	l1 = j_find_l1(st->l1, st->n_l1, sid >> st->split);
	if (!l1)
		return 0;
	span = (unsigned)sn_field_get(L1STD_SPAN, l1->word);
	if (span < 1 || span > 12)
		return 0;
	return (l1->word & L1STD_L2PTR & ~((64ULL << (span - 1)) - 1)) +
	       64ULL * (sid & ((1u << st->split) - 1));
}

static void j_strtab(struct jw *w, const struct sn_scenario *s, const struct sn_built *b)
{
	const struct sn_scn_strtab *st = &s->strtab;

	jw_key(w, "stream-table");
	if (!st->present) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jk_num(w, "line", st->loc.line);
	jk_str(w, "format", st->fmt == SN_STRTAB_LINEAR ? "linear" : "2-level");
	jk_hex(w, "log2size", st->log2size);
	jk_hex(w, "split", st->split);
	jk_hex(w, "base", st->base);
	jk_hex(w, "strtab-base", b->smmu.strtab_base);
	jk_hex(w, "strtab-base-cfg", b->smmu.strtab_base_cfg);
	jw_key(w, "l1");
	jw_arr(w);
	for (unsigned i = 0; i < st->n_l1; i++) {
		jw_flat_obj(w);
		jk_hex(w, "index", st->l1[i].index);
		jk_hex(w, "word", st->l1[i].word);
		jk_hex(w, "span", sn_field_get(L1STD_SPAN, st->l1[i].word));
		jk_hex(w, "l2ptr", st->l1[i].word & L1STD_L2PTR);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_key(w, "entries");
	jw_arr(w);
	for (unsigned i = 0; i < st->n_stes; i++) {
		jw_obj(w);
		jk_hex(w, "sid", st->stes[i].index);
		jk_num(w, "line", st->stes[i].loc.line);
		j_struct(w, s, b, &st->stes[i].desc, j_ste_pa(st, &st->stes[i]));
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

static const char *cd_format_name(enum sn_cdtab_fmt f)
{
	switch (f) {
	case SN_CD_SINGLE: return "single";
	case SN_CD_LINEAR: return "linear";
	case SN_CD_2L_4K: return "2level-4k";
	case SN_CD_2L_64K: return "2level-64k";
	}
	return "?";
}

/* Where the builder put CD @e, in the table's address space (an IPA behind 's2'). */
static u64 j_cd_addr(const struct sn_scn_cdtab *t, const struct sn_scn_entry *e)
{
	const unsigned bits = t->fmt == SN_CD_2L_4K ? 6 : 10;
	const struct sn_scn_l1 *l1;

	if (t->fmt == SN_CD_SINGLE || t->fmt == SN_CD_LINEAR)
		return t->base + 64ULL * e->index;
	l1 = j_find_l1(t->l1, t->n_l1, e->index >> bits);
	if (!l1)
		return 0;
	return (l1->word & L1CD_L2PTR) + 64ULL * (e->index & ((1u << bits) - 1));
}

static void j_cdtabs(struct jw *w, const struct sn_scenario *s, const struct sn_built *b)
{
	jw_key(w, "cds");
	jw_arr(w);
	for (unsigned k = 0; k < s->n_cdtabs; k++) {
		const struct sn_scn_cdtab *t = &s->cdtabs[k];

		jw_obj(w);
		jk_str(w, "name", t->name);
		jk_num(w, "line", t->loc.line);
		jk_str(w, "format", cd_format_name(t->fmt));
		jk_hex(w, "s1fmt", t->fmt == SN_CD_2L_4K ? 1 : t->fmt == SN_CD_2L_64K ? 2 : 0);
		jk_hex(w, "base", t->base);
		jk_str(w, "s2", t->s2 >= 0 ? s->tables[t->s2].name : NULL);
		jw_key(w, "l1");
		jw_arr(w);
		for (unsigned i = 0; i < t->n_l1; i++) {
			jw_flat_obj(w);
			jk_hex(w, "index", t->l1[i].index);
			jk_hex(w, "word", t->l1[i].word);
			jk_bool(w, "v", t->l1[i].word & L1CD_V);
			jk_hex(w, "l2ptr", t->l1[i].word & L1CD_L2PTR);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_key(w, "entries");
		jw_arr(w);
		for (unsigned i = 0; i < t->n_cds; i++) {
			const u64 addr = j_cd_addr(t, &t->cds[i]);
			u64 pa = addr;

			if (t->s2 >= 0 && !sn_tt_translate(&b->tts[t->s2], addr, &pa))
				pa = 0;         /* cannot happen: the build wrote it there */
			jw_obj(w);
			jk_hex(w, "ssid", t->cds[i].index);
			jk_num(w, "line", t->cds[i].loc.line);
			jk_hex(w, "addr", addr);
			j_struct(w, s, b, &t->cds[i].desc, pa);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static const char *txn_kind_name(enum sn_txn_kind k, bool device_atc)
{
	if (device_atc)
		return "atc";
	switch (k) {
	case SN_TXN_UNTRANSLATED: return "untranslated";
	case SN_TXN_ATS_REQUEST: return "ats-request";
	case SN_TXN_ATS_TRANSLATED: return "ats-translated";
	}
	return "?";
}

/* The members of a transaction (in the object already open). */
static void j_txn_members(struct jw *w, const struct sn_txn *t, bool device_atc)
{
	jk_hex(w, "sid", t->sid);
	jk_bool(w, "ssv", t->ssv);
	jk_hex(w, "ssid", t->ssid);
	jk_hex(w, "addr", t->addr);
	jk_bool(w, "write", t->write);
	jk_bool(w, "priv", t->priv);
	jk_bool(w, "instr", t->instr);
	jk_str(w, "kind", txn_kind_name(t->kind, device_atc));
}

static void jk_perm(struct jw *w, const char *k, bool asserted, u8 perm)
{
	char text[7];

	if (!asserted) {
		jk_null(w, k);
		return;
	}
	sn_perm_format(perm, text);
	jk_str(w, k, text);
}

/* A value of event field @f of @e, as vector files write it. */
static void j_event_field(struct jw *w, const struct sn_event *e, enum sn_evf f)
{
	switch (f) {
	case SN_EVF_TYPE: jw_str(w, sn_event_name(e->type)); break;
	case SN_EVF_SID: jw_hex(w, e->sid); break;
	case SN_EVF_SSV: jw_bool(w, e->ssv); break;
	case SN_EVF_SSID: jw_hex(w, e->ssid); break;
	case SN_EVF_STALL: jw_bool(w, e->stall); break;
	case SN_EVF_STAG: jw_hex(w, e->stag); break;
	case SN_EVF_PNU: jw_bool(w, e->pnu); break;
	case SN_EVF_IND: jw_bool(w, e->ind); break;
	case SN_EVF_RNW: jw_bool(w, e->rnw); break;
	case SN_EVF_S2: jw_bool(w, e->s2); break;
	case SN_EVF_CLASS: jw_str(w, sn_class_name(e->class)); break;
	case SN_EVF_TTRNW: jw_bool(w, e->ttrnw); break;
	case SN_EVF_INPUT_ADDR: jw_hex(w, e->input_addr); break;
	case SN_EVF_IPA: jw_hex(w, e->ipa); break;
	case SN_EVF_FETCH_ADDR: jw_hex(w, e->fetch_addr); break;
	case SN_EVF_COUNT: jw_null(w); break;
	}
}

static void j_arch_outcome(struct jw *w, const struct sn_arch_outcome *o)
{
	static const struct {
		unsigned bit;
		const char *name;
	} okf[] = {
		{ SN_OKF_IPA, "ipa" }, { SN_OKF_PAGE_SIZE, "page-size" },
		{ SN_OKF_S1_PERM, "s1-perm" }, { SN_OKF_S2_PERM, "s2-perm" },
		{ SN_OKF_ATS_GRANT, "ats-grant" },
	};

	jw_obj(w);
	if (o->kind == SN_ARCH_OK) {
		char grant[4] = { o->ats_grant & SN_ATS_R ? 'r' : '-',
				  o->ats_grant & SN_ATS_W ? 'w' : '-',
				  o->ats_grant & SN_ATS_X ? 'x' : '-', '\0' };

		jk_str(w, "result", "ok");
		jk_hex(w, "pa", o->pa);
		jw_key(w, "asserted");
		jw_flat_arr(w);
		for (unsigned i = 0; i < sizeof(okf) / sizeof(okf[0]); i++)
			if (o->ok_fields & okf[i].bit)
				jw_str(w, okf[i].name);
		jw_end_arr(w);
		if (o->ok_fields & SN_OKF_IPA)
			jk_hex(w, "ipa", o->ipa);
		else
			jk_null(w, "ipa");
		if (o->ok_fields & SN_OKF_PAGE_SIZE)
			jk_hex(w, "page-size", o->page_size);
		else
			jk_null(w, "page-size");
		jk_perm(w, "s1-perm", o->ok_fields & SN_OKF_S1_PERM, o->s1_perm);
		jk_perm(w, "s2-perm", o->ok_fields & SN_OKF_S2_PERM, o->s2_perm);
		jk_str(w, "ats-grant", o->ok_fields & SN_OKF_ATS_GRANT ? grant : NULL);
	} else if (o->kind == SN_ARCH_FAULT) {
		jk_str(w, "result", "fault");
		jk_str(w, "disposition", sn_disposition_name(o->disp));
		jw_key(w, "event");
		if (!o->has_event) {
			jw_null(w);
		} else {
			jw_obj(w);
			jw_key(w, "asserted");
			jw_flat_arr(w);
			for (unsigned f = 0; f < SN_EVF_COUNT; f++)
				if (o->event_fields & (1u << f))
					jw_str(w, sn_evf_names[f]);
			jw_end_arr(w);
			for (unsigned f = 0; f < SN_EVF_COUNT; f++) {
				jw_key(w, sn_evf_names[f]);
				if (o->event_fields & (1u << f))
					j_event_field(w, &o->event, (enum sn_evf)f);
				else
					jw_null(w);
			}
			jw_end_obj(w);
		}
	} else {
		jk_str(w, "result", "acceptable");
		jw_key(w, "any-of");
		jw_arr(w);
		for (unsigned i = 0; i < o->n_any_of; i++)
			j_arch_outcome(w, &o->any_of[i]);
		jw_end_arr(w);
	}
	jw_end_obj(w);
}

/* The scenario's parts, built: smmu, memory, tables, stream-table, cds. */
static void j_scenario(struct jw *w, const struct sn_scenario *s, const struct sn_built *b)
{
	j_smmu(w, &s->smmu);
	j_memory(w, &s->memory);
	j_tables(w, s, b);
	j_strtab(w, s, b);
	j_cdtabs(w, s, b);
}

static void j_transactions(struct jw *w, const struct sn_scenario *s)
{
	jw_key(w, "transactions");
	jw_arr(w);
	for (unsigned i = 0; i < s->n_txns; i++) {
		jw_obj(w);
		jk_num(w, "line", s->txns[i].loc.line);
		j_txn_members(w, &s->txns[i].t, false);
		jw_key(w, "expect");
		j_arch_outcome(w, &s->txns[i].expect);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

/* ---- json: area tlb -------------------------------------------------------- */

static const char *const j_step_kinds[] = {
	[SN_TLB_TRANSLATE] = "translate", [SN_TLB_WRITE] = "write",
	[SN_TLB_COMMANDS] = "commands", [SN_TLB_HOST] = "host", [SN_TLB_GUEST] = "guest",
};

static const char *verdict_text(enum sn_verdict v)
{
	return v == SN_VERDICT_STALE ? "stale" : v == SN_VERDICT_ACCEPTABLE ? "acceptable" : "fresh";
}

/* A command: its words, its opcode and the fields that opcode has. */
static void j_command(struct jw *w, const u64 words[2])
{
	struct sn_cmd c;

	sn_cmd_decode(words, &c);
	jw_flat_obj(w);
	jk_words(w, "words", words, 2);
	jk_str(w, "op", sn_cmd_name(c.op));
	jk_hex(w, "opcode", c.op);
	jw_key(w, "fields");
	jw_flat_obj(w);
	for (unsigned f = 0; f < SN_CF_COUNT; f++) {
		const enum sn_tlb_cmd_field cf = (enum sn_tlb_cmd_field)f;

		if (!sn_tlb_cmd_has_field(c.op, cf))
			continue;
		if (sn_tlb_cmd_field_is_bool(cf))
			jk_bool(w, sn_tlb_cmd_field_names[f], sn_tlb_cmd_field_get(&c, cf) != 0);
		else
			jk_hex(w, sn_tlb_cmd_field_names[f], sn_tlb_cmd_field_get(&c, cf));
	}
	jw_end_obj(w);
	jw_end_obj(w);
}

static void jk_commands(struct jw *w, const char *k, const struct sn_tlb_cmd *cmds, unsigned n)
{
	jw_key(w, k);
	jw_arr(w);
	for (unsigned i = 0; i < n; i++)
		j_command(w, cmds[i].w);
	jw_end_arr(w);
}

/* translate, expect, verdict and served (in the object already open). */
static void j_xlate_members(struct jw *w, const struct sn_tlb_xlate *x)
{
	jw_key(w, "translate");
	jw_obj(w);
	j_txn_members(w, &x->t, x->device_atc);
	jw_end_obj(w);
	jw_key(w, "expect");
	j_arch_outcome(w, &x->expect);
	jk_str(w, "verdict", verdict_text(x->verdict));
	jw_key(w, "served");
	if (x->has_served)
		j_arch_outcome(w, &x->served);
	else
		jw_null(w);
}

static void j_step(struct jw *w, const struct sn_tlb_step *st)
{
	const bool settles = st->kind == SN_TLB_HOST || st->kind == SN_TLB_GUEST ||
			     (st->kind == SN_TLB_COMMANDS && st->settle);

	jw_obj(w);
	jk_str(w, "kind", j_step_kinds[st->kind]);
	jk_num(w, "line", st->loc.line);
	jk_bool(w, "settle", settles);
	switch (st->kind) {
	case SN_TLB_TRANSLATE:
		j_xlate_members(w, &st->x);
		break;
	case SN_TLB_WRITE:
		jw_key(w, "writes");
		jw_arr(w);
		for (unsigned i = 0; i < st->n_writes; i++) {
			jw_flat_obj(w);
			jk_hex(w, "addr", st->writes[i].addr);
			jk_words(w, "words", st->writes[i].words, st->writes[i].n_words);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		break;
	case SN_TLB_COMMANDS:
		jk_commands(w, "commands", st->cmds, st->n_cmds);
		break;
	case SN_TLB_HOST: {
		const bool range = st->change.kind == S2INV_RANGE;

		jw_key(w, "change");
		jw_flat_obj(w);
		jk_str(w, "change", range ? "range" : "flush-all");
		if (range) {
			jk_hex(w, "iova", st->change.iova);
			jk_hex(w, "size", st->change.size);
			jk_hex(w, "granule", st->change.granule);
			jk_bool(w, "leaf", st->change.leaf);
		} else {
			jk_null(w, "iova");
			jk_null(w, "size");
			jk_null(w, "granule");
			jk_null(w, "leaf");
		}
		jw_end_obj(w);
		jw_key(w, "during");
		jw_arr(w);
		for (unsigned i = 0; i < st->n_during; i++) {
			jw_obj(w);
			jk_hex(w, "after", st->during[i].after);
			jk_num(w, "line", st->during[i].x.loc.line);
			j_xlate_members(w, &st->during[i].x);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		break;
	}
	case SN_TLB_GUEST:
		jk_commands(w, "commands", st->cmds, st->n_cmds);
		jk_str(w, "error", st->error != SN_OK ? sn_errno_name(st->error) : NULL);
		break;
	}
	jw_end_obj(w);
}

static void j_domain(struct jw *w, const struct sn_tlb_domain *d)
{
	jw_key(w, "domain");
	if (!d->present) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jk_hex(w, "vmid", d->vmid);
	jk_hex(w, "page-shift", d->page_shift);
	jk_bool(w, "nest-parent", d->nest_parent);
	jw_key(w, "masters");
	jw_arr(w);
	for (unsigned i = 0; i < d->n_masters; i++) {
		const struct sn_tlb_master *m = &d->masters[i];

		jw_flat_obj(w);
		jw_key(w, "sids");
		jw_flat_arr(w);
		for (unsigned k = 0; k < m->n_sids; k++)
			jw_hex(w, m->sids[k]);
		jw_end_arr(w);
		jk_bool(w, "ats", m->ats);
		jk_bool(w, "nested", m->nested);
		jk_bool(w, "nested-ats-flush", m->nested_ats_flush);
		jk_hex(w, "ssid", m->ssid);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

static void j_viommu(struct jw *w, const struct sn_tlb_viommu *v)
{
	jw_key(w, "viommu");
	if (!v->present) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jk_hex(w, "vmid", v->vmid);
	jw_key(w, "vdevs");
	jw_arr(w);
	for (unsigned i = 0; i < v->n_vdevs; i++) {
		jw_flat_obj(w);
		jk_hex(w, "vsid", v->vdevs[i].vsid);
		jk_hex(w, "psid", v->vdevs[i].psid);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

/* ---- json: vectors, files, the document ------------------------------------ */

/* An architecture (@tlb false) or tlb vector; -1 with c->err set if it does not build. */
static int j_scenario_vector(struct jctx *c, const struct sn_vector *v, bool tlb)
{
	struct jw *w = &c->w;
	struct sn_built b;

	if (sn_scenario_build(v->scn, &b, &c->err) != 0)
		return -1;
	jw_obj(w);
	j_vector_head(w, v);
	jk_policies(w, "policies", v->policy_mask);
	if (tlb)
		jk_str(w, "bug", sn_tlbscn_of(v)->bug ? sn_tlbscn_of(v)->bug_name : NULL);
	jw_key(w, "input");
	jw_obj(w);
	j_scenario(w, v->scn, &b);
	if (tlb) {
		const struct sn_tlbscn *t = sn_tlbscn_of(v);

		j_domain(w, &t->domain);
		j_viommu(w, &t->viommu);
		jw_key(w, "steps");
		jw_arr(w);
		for (unsigned i = 0; i < t->n_steps; i++)
			j_step(w, &t->steps[i]);
		jw_end_arr(w);
	} else {
		j_transactions(w, v->scn);
	}
	jw_end_obj(w);
	jw_end_obj(w);
	sn_built_free(&b);
	return 0;
}

static int j_file(struct jctx *c, const struct sn_vector_file *f)
{
	struct jw *w = &c->w;
	const bool tlb = strcmp(f->area, "tlb") == 0;

	jw_obj(w);
	jk_str(w, "path", f->path);
	jk_str(w, "area", f->area);
	jk_str(w, "spec", f->spec);
	jk_str(w, "description", f->description);
	jk_str(w, "default-policy", f->arch ? NULL : f->default_policy->name);
	jk_policies(w, "policies", f->policy_mask);
	jw_key(w, "flags");
	jw_obj(w);
	for (unsigned i = 0; i < f->n_flags; i++)
		jk_str(w, f->flag_names[i], f->flag_texts[i]);
	jw_end_obj(w);
	jw_key(w, "vectors");
	jw_arr(w);
	for (unsigned k = 0; k < f->n_vectors; k++) {
		const struct sn_vector *v = &f->vectors[k];

		if (is_vste(f))
			j_vste_vector(w, v);
		else if (is_hitless(f))
			j_hitless_vector(w, v);
		else if ((f->arch || tlb) && j_scenario_vector(c, v, tlb) != 0)
			return -1;
	}
	jw_end_arr(w);
	jw_end_obj(w);
	return 0;
}

static void j_rule_file(struct jw *w, const struct sn_rule_file *f)
{
	jw_obj(w);
	jk_str(w, "path", f->path);
	jw_key(w, "rules");
	jw_arr(w);
	for (unsigned i = 0; i < f->n_rules; i++) {
		const struct sn_rule *r = &f->rules[i];

		jw_obj(w);
		jk_str(w, "id", r->id);
		jk_num(w, "line", r->loc.line);
		jk_str(w, "kind", r->kind);
		jk_str(w, "text", r->text);
		jk_strings(w, "sources", r->sources, r->n_sources);
		jk_policies(w, "policies", r->policy_mask);
		jk_str(w, "choice", r->choice);
		jk_str(w, "waiver", r->waiver);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

#define JSON_FORMAT_VERSION 1

/* The whole document; -1 with a message on stderr when a scenario does not build. */
static int write_json(FILE *out, const struct loaded *l)
{
	struct jctx c = { .w = { .out = out } };
	struct jw *w = &c.w;

	jw_obj(w);
	jk_str(w, "format", "smmu-nest-vectors");
	jk_num(w, "version", JSON_FORMAT_VERSION);
	jk_num(w, "schema", SMMU_NEST_SCHEMA_VERSION);
	jk_policies(w, "policies", (1u << host_policy_count) - 1);
	jw_key(w, "files");
	jw_arr(w);
	for (unsigned i = 0; i < l->n_files; i++) {
		if (j_file(&c, &l->files[i]) != 0) {
			fprintf(stderr, "%s\n", c.err.msg);
			return -1;
		}
	}
	jw_end_arr(w);
	jw_key(w, "rules");
	jw_arr(w);
	for (unsigned i = 0; i < l->n_rules; i++)
		j_rule_file(w, &l->rules[i]);
	jw_end_arr(w);
	jw_end_obj(w);
	fputc('\n', out);
	if (w->overflow || w->depth != 0) {
		fprintf(stderr, "smmu-nest export: internal error: JSON nesting\n");
		return -1;
	}
	return 0;
}

static int emit(const struct export_opts *o, struct loaded *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	FILE *out;
	int rc = 0;

	if (!mem) {
		fprintf(stderr, "smmu-nest export: out of memory\n");
		return EXIT_USAGE;
	}
	if (o->format == FMT_JSON) {
		if (write_json(mem, l) != 0) {
			fclose(mem);
			free(buf);
			return EXIT_USAGE;
		}
	} else {
		write_header(mem, o, l);
	}
	if (fclose(mem) != 0) {
		free(buf);
		fprintf(stderr, "smmu-nest export: out of memory\n");
		return EXIT_USAGE;
	}
	out = o->output ? fopen(o->output, "w") : stdout;
	if (!out) {
		fprintf(stderr, "smmu-nest export: cannot write '%s': %s\n", o->output,
			strerror(errno));
		free(buf);
		return EXIT_USAGE;
	}
	if (fwrite(buf, 1, len, out) != len)
		rc = EXIT_USAGE;
	if (o->output ? fclose(out) != 0 : fflush(out) != 0)
		rc = EXIT_USAGE;
	if (rc)
		fprintf(stderr, "smmu-nest export: cannot write '%s'\n",
			o->output ? o->output : "standard output");
	free(buf);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct export_opts o = { 0 };
	struct loaded l;
	bool done;
	int rc;

	rc = parse_args(argc, argv, &o, &done);
	if (rc || done)
		return rc;
	rc = load_all(&o, &l);
	if (rc)
		return rc;
	rc = emit(&o, &l);
	free_loaded(&l);
	return rc;
}
