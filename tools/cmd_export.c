// SPDX-License-Identifier: MIT
/*
 * smmu-nest export --format=kunit: the golden vectors of the host-policy
 * areas (vste, hitless) as a self-contained C header of arrays, for a
 * kernel KUnit test (or any C harness) that runs against one kernel:
 * struct smmu_nest_vste_case (vSTE, parent, host facts, errno or STE and
 * ATS) and struct smmu_nest_hitless_case (kind, from, to, syncs, hitless).
 *
 * Decisions (also stated in the header it writes):
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
 *  - The whole header is built in memory and written only when every file
 *    has loaded: nothing is written on an error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/hitlessvec.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/version.h>
#include "cli.h"

#define MAX_PATHS 256

struct export_opts {
	const struct host_policy *policy;   /* --policy, or NULL */
	const char *output;                 /* -o, or NULL for stdout */
	const char *paths[MAX_PATHS];
	unsigned n_paths;
};

struct loaded {
	struct sn_vector_file *files;
	unsigned n_files;
	const struct host_policy *policy;    /* the one every row is for */
	unsigned policy_index;
	unsigned n_vste, n_hitless;         /* rows exported */
};

static void help(void)
{
	printf("Usage: smmu-nest export --format=kunit [--policy=P] [-o FILE] PATH...\n\n"
	       "Write the vste and hitless vectors under PATH (files, or directories\n"
	       "searched recursively for *.yaml) as a self-contained C header for a\n"
	       "KUnit test: struct definitions, one array of cases per area, and their\n"
	       "sizes. Each row carries the expectation for one policy: P, or the\n"
	       "files' default-policy (v7.0 when absent; files that disagree need\n"
	       "--policy). vste errors are the kernel's negative errno values (-EIO,\n"
	       "...). A vector that does not run under the policy is left out with a\n"
	       "comment; an 'acceptable' vste expectation is exported as every\n"
	       "alternative (any_of[]). Files of other areas are named in the header\n"
	       "and not exported.\n\n"
	       "Options:\n"
	       "  --format=kunit   the output format (the only one)\n"
	       "  --policy=P       seed-v2, v6.13, v6.15 or v7.0\n"
	       "  -o FILE, --output=FILE   write FILE instead of standard output\n"
	       "  --help, --version\n\n"
	       "Output is byte-identical for the same inputs and options.\n"
	       "Exit status: 0 written, 2 bad usage, a file that does not load, or a\n"
	       "write error.\n");
}

static int parse_args(int argc, char **argv, struct export_opts *o, bool *done)
{
	bool have_format = false;
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
			if (strcmp(v, "kunit") != 0)
				return cli_usage_error("export", "unknown format '%s' (kunit)", v);
			have_format = true;
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
	if (!have_format)
		return cli_usage_error("export", "missing --format (kunit)");
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
	if (!l->files) {
		sn_free_paths(paths, n_paths);
		fprintf(stderr, "smmu-nest export: out of memory\n");
		return EXIT_USAGE;
	}
	for (unsigned i = 0; i < n_paths && rc == 0; i++) {
		struct sn_vector_file *f = &l->files[l->n_files];

		if (sn_is_rules_path(paths[i]))
			continue;
		if (sn_vector_file_load(paths[i], f, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			rc = EXIT_USAGE;
			break;
		}
		l->n_files++;
		if (!area_exported(f))
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
	write_header(mem, o, l);
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
