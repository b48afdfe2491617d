// SPDX-License-Identifier: MIT
/*
 * Golden-vector files and rules catalogues (vectors/SCHEMA.md), from the
 * YAML tree of yaml_dom.c into the structs of vectors.h.
 *
 * Every check stops at the first problem and reports it as
 * "file:line:col: message", at the node that is wrong (or, for a missing
 * key, at the mapping that lacks it).  The structs are filled in place and
 * every array is sized before its items are parsed, so a half-built struct
 * can always be handed to the matching _free function.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <smmu-nest/number.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/vectors.h>
#include "load.h"
#include "yaml_dom.h"

#define SCHEMA_VERSION 1
#define MAX_DIR_DEPTH 32            /* sn_collect_yaml() nesting limit */

/* The policies the loader can name: host_policies, capped by the structs' arrays. */
static unsigned policy_count(void)
{
	return host_policy_count < SN_MAX_POLICIES ? host_policy_count : SN_MAX_POLICIES;
}

static unsigned all_policies_mask(void)
{
	return (1u << policy_count()) - 1;
}

static int policy_index(const char *name)
{
	for (unsigned i = 0; i < policy_count(); i++)
		if (strcmp(host_policies[i]->name, name) == 0)
			return (int)i;
	return -1;
}

/* The names of the policies in @mask, as "a, b or c". */
static void policy_choices(unsigned mask, char *buf, size_t len)
{
	unsigned n = 0, k = 0;

	for (unsigned i = 0; i < policy_count(); i++)
		n += (mask >> i) & 1;
	buf[0] = '\0';
	for (unsigned i = 0; i < policy_count(); i++)
		if (mask & (1u << i))
			ld_append_choice(buf, len, host_policies[i]->name, k++, n);
}

/* ------------------------------------------------------------------ */
/* Ids                                                                 */

/* SCHEMA.md: lower case letters, digits, '.', '-', '_'; a letter or digit first. */
static bool id_is_valid(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			return false;
	return true;
}

static int get_id(struct ld_ctx *c, const struct ydom_node *n, const char *key, char **out)
{
	char text[YDOM_EXCERPT_LEN];

	if (ld_get_string(c, n, key, out) != 0)
		return -1;
	if (id_is_valid(*out))
		return 0;
	ydom_excerpt(*out, text);
	return ld_fail(c, n, "key '%s': '%s' is not a valid id (use lower-case letters, digits, "
		       "'.', '-' and '_', starting with a letter or digit)", key, text);
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

struct str_ref {
	const char *s;
	unsigned index;
};

static int cmp_str_ref(const void *pa, const void *pb)
{
	const struct str_ref *a = pa, *b = pb;
	int c = strcmp(a->s, b->s);

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * The earliest item of @items that repeats an earlier one: its index in
 * *@dup and the original's in *@first; *@dup == @n if none repeats.
 * Sorting keeps long lists from costing quadratic time.  -1 if out of memory.
 */
static int first_repeat(char *const *items, unsigned n, unsigned *dup, unsigned *first)
{
	struct str_ref *refs;

	*dup = n;
	*first = n;
	if (n < 2)
		return 0;
	refs = malloc(n * sizeof(*refs));
	if (!refs)
		return -1;
	for (unsigned i = 0; i < n; i++)
		refs[i] = (struct str_ref){ items[i], i };
	qsort(refs, n, sizeof(*refs), cmp_str_ref);
	for (unsigned i = 1, run = 0; i < n; i++) {
		if (strcmp(refs[i].s, refs[run].s) != 0)
			run = i;
		else if (refs[i].index < *dup) {
			*dup = refs[i].index;
			*first = refs[run].index;
		}
	}
	free(refs);
	return 0;
}

/*
 * No two mappings of @list share an id; @ids[i] is the id of list->kids[i].
 * A repeat is reported at its 'id' value, naming where the first one is.
 */
static int check_unique_ids(struct ld_ctx *c, const struct ydom_node *list, char *const *ids,
			    const char *what)
{
	const struct ydom_node *dup_at, *first_at;
	char text[YDOM_EXCERPT_LEN];
	unsigned dup, first;

	if (first_repeat(ids, list->n_kids, &dup, &first) != 0)
		return ld_fail(c, list, "out of memory");
	if (dup == list->n_kids)
		return 0;
	dup_at = ydom_map_get(list->kids[dup], "id");
	first_at = ydom_map_get(list->kids[first], "id");
	ydom_excerpt(ids[dup], text);
	return ld_fail(c, dup_at, "duplicate %s id '%s' (first at line %u, column %u)", what, text,
		       first_at->line, first_at->col);
}

enum list_kind { LIST_STRINGS, LIST_IDS };

/*
 * A non-empty list of non-empty strings (or of ids), copied into *@items.
 * With @locs, the location of every item as well.  With @unique, an item
 * listed twice is an error.
 */
static int get_string_list(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			   enum list_kind kind, bool unique, char ***items, unsigned *count,
			   struct sn_loc **locs)
{
	unsigned dup, first;
	char text[YDOM_EXCERPT_LEN];

	if (ld_want_kind(c, n, key, YDOM_SEQ) != 0)
		return -1;
	if (n->n_kids == 0)
		return ld_fail(c, n, "key '%s': must not be empty", key);
	*items = calloc(n->n_kids, sizeof(**items));
	if (locs)
		*locs = calloc(n->n_kids, sizeof(**locs));
	if (!*items || (locs && !*locs))
		return ld_fail(c, n, "out of memory");
	*count = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++) {
		const struct ydom_node *item = n->kids[i];
		int rc = kind == LIST_IDS ? get_id(c, item, key, &(*items)[i])
					  : ld_get_string(c, item, key, &(*items)[i]);
		if (rc != 0)
			return -1;
		if (locs)
			(*locs)[i] = ld_loc_of(c, item);
	}
	if (!unique)
		return 0;
	if (first_repeat(*items, *count, &dup, &first) != 0)
		return ld_fail(c, n, "out of memory");
	if (dup == *count)
		return 0;
	ydom_excerpt((*items)[dup], text);
	return ld_fail(c, n->kids[dup], "key '%s': '%s' is listed twice (first at line %u, column %u)",
		       key, text, n->kids[first]->line, n->kids[first]->col);
}

static int get_policy(struct ld_ctx *c, const struct ydom_node *n, const char *key, int *index)
{
	char text[YDOM_EXCERPT_LEN], choices[128];

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key '%s': a policy must be a name, not %s", key,
			       ydom_kind_name(n->kind));
	*index = policy_index(n->text);
	if (*index >= 0)
		return 0;
	ydom_excerpt(n->text, text);
	policy_choices(all_policies_mask(), choices, sizeof(choices));
	return ld_fail(c, n, "key '%s': unknown policy '%s' (expected %s)", key, text, choices);
}

int ld_get_policy(struct ld_ctx *c, const struct ydom_node *n, const char *key, int *index)
{
	return get_policy(c, n, key, index);
}

/* A non-empty list of policies, each named once, as a mask over host_policies. */
static int get_policy_list(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			   unsigned *mask)
{
	if (ld_want_kind(c, n, key, YDOM_SEQ) != 0)
		return -1;
	if (n->n_kids == 0)
		return ld_fail(c, n, "key '%s': must not be empty", key);
	*mask = 0;
	for (unsigned i = 0; i < n->n_kids; i++) {
		int p;

		if (get_policy(c, n->kids[i], key, &p) != 0)
			return -1;
		if (*mask & (1u << p))
			return ld_fail(c, n->kids[i], "key '%s': policy '%s' is listed twice",
				       key, host_policies[p]->name);
		*mask |= 1u << p;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Freeing                                                             */

static void free_strings(char **v, unsigned n)
{
	if (!v)
		return;
	for (unsigned i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void outcome_free(struct sn_outcome *o)
{
	for (unsigned i = 0; i < o->n_any_of; i++)
		outcome_free(&o->any_of[i]);
	free(o->any_of);
	o->any_of = NULL;
	o->n_any_of = 0;
}

static void vector_free(struct sn_vector *v)
{
	free(v->id);
	free_strings(v->rules, v->n_rules);
	free(v->rule_locs);
	free_strings(v->cites, v->n_cites);
	free(v->comment);
	free_strings(v->flags, v->n_flags);
	outcome_free(&v->expect);
	for (unsigned i = 0; i < SN_MAX_POLICIES; i++)
		outcome_free(&v->policy_expect[i]);
	sn_scenario_free(v->scn);
	free(v->scn);
}

void sn_vector_file_free(struct sn_vector_file *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->n_vectors; i++) {
		if (f->area && ld_area_is_tlb(f->area))
			ld_tlb_vector_release(&f->vectors[i]);
		vector_free(&f->vectors[i]);
	}
	free(f->vectors);
	free_strings(f->flag_names, f->n_flags);
	free_strings(f->flag_texts, f->n_flags);
	free(f->area);
	free(f->spec);
	free(f->description);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

static void rule_free(struct sn_rule *r)
{
	free(r->id);
	free(r->kind);
	free(r->text);
	free_strings(r->sources, r->n_sources);
	free(r->choice);
	free(r->waiver);
}

void sn_rule_file_free(struct sn_rule_file *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->n_rules; i++)
		rule_free(&f->rules[i]);
	free(f->rules);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

/*
 * The YAML tree of @path, and a copy of @path for the struct being filled:
 * every sn_loc in it points at that copy.
 */
static int load_tree(const char *path, struct ydom_node **root, char **owned_path,
		     struct sn_error *err)
{
	if (ydom_load(path, root, err->msg, sizeof(err->msg)) != 0)
		return -1;
	*owned_path = strdup(path);
	if (*owned_path)
		return 0;
	ydom_free(*root);
	snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Outcomes                                                            */

static const struct ld_key_spec ok_keys[] = {
	{ "result", true }, { "ste", true }, { "ats", true },
};
static const struct ld_key_spec error_keys[] = {
	{ "result", true }, { "errno", true }, { "stage", false },
};

static int parse_errno(struct ld_ctx *c, const struct ydom_node *n, int *err)
{
	char text[YDOM_EXCERPT_LEN], choices[128] = "";

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'errno': must be a name, not %s", ydom_kind_name(n->kind));
	if (sn_errno_parse(n->text, err))
		return 0;
	for (int i = 1; i < SN_ERRNO_COUNT; i++)
		ld_append_choice(choices, sizeof(choices), sn_errno_name(i), (unsigned)i - 1,
				 SN_ERRNO_COUNT - 1);
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'errno': unknown errno '%s' (expected %s)", text, choices);
}

static int parse_stage(struct ld_ctx *c, const struct ydom_node *n, enum sn_stage *stage)
{
	char text[YDOM_EXCERPT_LEN], choices[128] = "";

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'stage': must be a name, not %s", ydom_kind_name(n->kind));
	if (sn_stage_parse(n->text, stage))
		return 0;
	for (unsigned i = 1; i < SN_STAGE_COUNT; i++)
		ld_append_choice(choices, sizeof(choices), sn_stage_name((enum sn_stage)i), i - 1,
				 SN_STAGE_COUNT - 1);
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'stage': unknown stage '%s' (expected %s)", text, choices);
}

static int parse_ok(struct ld_ctx *c, const struct ydom_node *n, struct sn_outcome *o)
{
	if (LD_CHECK_KEYS(c, n, "an 'ok' outcome", ok_keys) != 0)
		return -1;
	o->kind = SN_RES_OK;
	if (ld_get_words(c, ydom_map_get(n, "ste"), "ste", o->ste, STE_DWORDS, "STE words 0 to 7"))
		return -1;
	return ld_get_bool(c, ydom_map_get(n, "ats"), "ats", &o->ats);
}

static int parse_error(struct ld_ctx *c, const struct ydom_node *n, struct sn_outcome *o)
{
	const struct ydom_node *stage;

	if (LD_CHECK_KEYS(c, n, "an 'error' outcome", error_keys) != 0)
		return -1;
	o->kind = SN_RES_ERROR;
	if (parse_errno(c, ydom_map_get(n, "errno"), &o->err) != 0)
		return -1;
	stage = ydom_map_get(n, "stage");
	if (!stage)
		return 0;
	o->has_stage = true;
	return parse_stage(c, stage, &o->stage);
}

static int parse_outcome(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			 bool alternative, struct sn_outcome *o);

static int parse_acceptable(struct ld_ctx *c, const struct ydom_node *n, struct sn_outcome *o)
{
	const struct ydom_node *alts = ld_any_of(c, n);

	if (!alts)
		return -1;
	o->kind = SN_RES_ACCEPTABLE;
	o->any_of = calloc(alts->n_kids, sizeof(*o->any_of));
	if (!o->any_of)
		return ld_fail(c, alts, "out of memory");
	o->n_any_of = alts->n_kids;
	for (unsigned i = 0; i < alts->n_kids; i++)
		if (parse_outcome(c, alts->kids[i], "any-of", true, &o->any_of[i]) != 0)
			return -1;
	return 0;
}

/* An outcome; an @alternative (an any-of item) may not itself be 'acceptable'. */
static int parse_outcome(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			 bool alternative, struct sn_outcome *o)
{
	const struct ydom_node *result;
	char text[YDOM_EXCERPT_LEN];

	if (ld_want_kind(c, n, key, YDOM_MAP) != 0)
		return -1;
	o->loc = ld_loc_of(c, n);
	result = ydom_map_get(n, "result");
	if (!result)
		return ld_fail(c, n, "key '%s': the outcome lacks the required key 'result'", key);
	if (result->kind != YDOM_SCALAR)
		return ld_fail(c, result, "key 'result': must be ok, error or acceptable, not %s",
			       ydom_kind_name(result->kind));
	if (strcmp(result->text, "ok") == 0)
		return parse_ok(c, n, o);
	if (strcmp(result->text, "error") == 0)
		return parse_error(c, n, o);
	if (strcmp(result->text, "acceptable") == 0 && alternative)
		return ld_fail(c, result, "key 'result': an any-of alternative must be 'ok' or "
			       "'error', not 'acceptable'");
	if (strcmp(result->text, "acceptable") == 0)
		return parse_acceptable(c, n, o);
	ydom_excerpt(result->text, text);
	return ld_fail(c, result, "key 'result': unknown result '%s' (expected ok, error or acceptable)",
		       text);
}

/* ------------------------------------------------------------------ */
/* Area vste: input and defaults                                       */

/* What a vector's input starts from: the header's defaults over the schema's. */
struct input_base {
	u64 parent[STE_DWORDS];
	struct host_env env;
};

static int parse_parent(struct ld_ctx *c, const struct ydom_node *n, u64 parent[STE_DWORDS])
{
	char text[YDOM_EXCERPT_LEN];
	const char *why;

	if (n->kind == YDOM_MAP)
		return ld_fail(c, n, "key 'parent': must be a name or a list of 1 to %u numbers, "
			       "not a mapping", STE_DWORDS);
	if (n->kind == YDOM_SCALAR && !host_parent_by_name(n->text, parent)) {
		ydom_excerpt(n->text, text);
		return ld_fail(c, n, "key 'parent': unknown parent '%s' (expected default, kunit-s2 "
			       "or a list of 1 to %u numbers)", text, STE_DWORDS);
	}
	if (n->kind == YDOM_SEQ) {
		if (n->n_kids < 1 || n->n_kids > STE_DWORDS)
			return ld_fail(c, n, "key 'parent': must hold 1 to %u numbers, not %u",
				       STE_DWORDS, n->n_kids);
		/* SCHEMA.md: words left out are zero. */
		memset(parent, 0, STE_DWORDS * sizeof(*parent));
		for (unsigned i = 0; i < n->n_kids; i++)
			if (ld_get_number(c, n->kids[i], "parent", 64, &parent[i]) != 0)
				return -1;
	}
	if (!host_parent_ok(parent, &why))
		return ld_fail(c, n, "key 'parent': not usable as a nest parent: %s", why);
	return 0;
}

static bool is_bool_env_key(const char *name)
{
	for (unsigned i = 0; i < host_env_key_count; i++)
		if (strcmp(host_env_keys[i].name, name) == 0)
			return true;
	return false;
}

static int unknown_env_key(struct ld_ctx *c, const struct ydom_node *k)
{
	char text[YDOM_EXCERPT_LEN], choices[320] = "";

	for (unsigned i = 0; i < host_env_key_count; i++)
		ld_append_choice(choices, sizeof(choices), host_env_keys[i].name, i,
				 host_env_key_count + 1);
	ld_append_choice(choices, sizeof(choices), "alloc-flags", host_env_key_count,
			 host_env_key_count + 1);
	ydom_excerpt(k->text, text);
	return ld_fail(c, k, "key 'env': unknown host fact '%s' (expected %s)", text, choices);
}

/* Apply the facts of the mapping @n over @env, key by key. */
static int parse_env(struct ld_ctx *c, const struct ydom_node *n, struct host_env *env)
{
	if (ld_want_kind(c, n, "env", YDOM_MAP) != 0)
		return -1;
	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i), *v = ydom_map_value(n, i);
		u64 value;
		bool flag;

		if (strcmp(k->text, "alloc-flags") == 0) {
			if (ld_get_number(c, v, k->text, 32, &value) != 0)
				return -1;
		} else if (is_bool_env_key(k->text)) {
			if (ld_get_bool(c, v, k->text, &flag) != 0)
				return -1;
			value = flag;
		} else {
			return unknown_env_key(c, k);
		}
		if (!host_env_set(env, k->text, value))
			return ld_fail(c, v, "key '%s': the host model refuses this value", k->text);
	}
	return 0;
}

static const struct ld_key_spec defaults_keys[] = {
	{ "parent", false }, { "env", false },
};

static int parse_defaults(struct ld_ctx *c, const struct ydom_node *n, struct input_base *base)
{
	const struct ydom_node *parent, *env;

	if (ld_want_kind(c, n, "defaults", YDOM_MAP) != 0)
		return -1;
	if (LD_CHECK_KEYS(c, n, "the header's defaults", defaults_keys) != 0)
		return -1;
	parent = ydom_map_get(n, "parent");
	if (parent && parse_parent(c, parent, base->parent) != 0)
		return -1;
	env = ydom_map_get(n, "env");
	return env ? parse_env(c, env, &base->env) : 0;
}

static const struct ld_key_spec input_keys[] = {
	{ "vste", true }, { "parent", false }, { "env", false },
};

static int parse_input(struct ld_ctx *c, const struct ydom_node *n, const struct input_base *base,
		       struct sn_vector *v)
{
	const struct ydom_node *parent, *env;
	const char *why;

	if (ld_want_kind(c, n, "input", YDOM_MAP) != 0)
		return -1;
	if (LD_CHECK_KEYS(c, n, "a vector's input", input_keys) != 0)
		return -1;
	if (ld_get_words(c, ydom_map_get(n, "vste"), "vste", v->vste, 2, "vSTE words 0 and 1") != 0)
		return -1;
	memcpy(v->parent, base->parent, sizeof(v->parent));
	v->env = base->env;
	parent = ydom_map_get(n, "parent");
	if (parent && parse_parent(c, parent, v->parent) != 0)
		return -1;
	env = ydom_map_get(n, "env");
	if (env && parse_env(c, env, &v->env) != 0)
		return -1;
	/* The parent and the host facts must describe one real host. */
	if (!host_setup_ok(v->parent, &v->env, &why))
		return ld_fail(c, n, "input: %s", why);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Vectors                                                             */

static const struct ld_key_spec vector_keys[] = {
	{ "id", true }, { "rules", true }, { "cite", true }, { "comment", false },
	{ "flags", false }, { "policies", false }, { "input", true },
	{ "expect", false }, { "expect-by-policy", false },
};

/* Areas ste, cd, walk: no policies; each transaction of the input has its expectation. */
static const struct ld_key_spec arch_vector_keys[] = {
	{ "id", true }, { "rules", true }, { "cite", true }, { "comment", false },
	{ "flags", false }, { "input", true },
};

/* What a vector needs from its file's header. */
struct header {
	unsigned policy_mask;
	char **sorted_flags;            /* borrowed names, sorted for bsearch */
	unsigned n_flags;
	struct input_base base;
	bool arch;                      /* an architecture area */
	bool tlb;                       /* the cache area: policies, and architecture defaults */
	bool hitless;                   /* the entry-writer area: policies, its own defaults */
	const struct ydom_node *arch_defaults;  /* its 'defaults', or NULL */
};

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int parse_vector_flags(struct ld_ctx *c, const struct ydom_node *n, const struct header *h,
			      struct sn_vector *v)
{
	if (get_string_list(c, n, "flags", LIST_STRINGS, true, &v->flags, &v->n_flags, NULL))
		return -1;
	for (unsigned i = 0; i < v->n_flags; i++) {
		char text[YDOM_EXCERPT_LEN];

		if (h->n_flags && bsearch(&v->flags[i], h->sorted_flags, h->n_flags,
					  sizeof(char *), cmp_str_ptr))
			continue;
		ydom_excerpt(v->flags[i], text);
		return ld_fail(c, n->kids[i], "key 'flags': flag '%s' is not declared in the "
			       "header's flags", text);
	}
	return 0;
}

static int parse_vector_policies(struct ld_ctx *c, const struct ydom_node *n, const struct header *h,
				 struct sn_vector *v)
{
	char choices[128];

	if (get_policy_list(c, n, "policies", &v->policy_mask) != 0)
		return -1;
	for (unsigned i = 0; i < n->n_kids; i++) {
		int p = policy_index(n->kids[i]->text);

		if (h->policy_mask & (1u << p))
			continue;
		policy_choices(h->policy_mask, choices, sizeof(choices));
		return ld_fail(c, n->kids[i], "key 'policies': policy '%s' is not among the file's "
			       "policies (%s)", host_policies[p]->name, choices);
	}
	return 0;
}

static int parse_expect_by_policy(struct ld_ctx *c, const struct ydom_node *n, struct sn_vector *v)
{
	if (ld_want_kind(c, n, "expect-by-policy", YDOM_MAP) != 0)
		return -1;
	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i);
		int p;

		if (get_policy(c, k, "expect-by-policy", &p) != 0)
			return -1;
		/* An entry no replay would ever read is a mistake, not data. */
		if (!(v->policy_mask & (1u << p)))
			return ld_fail(c, k, "key 'expect-by-policy': the vector is not replayed "
				       "under policy '%s'", host_policies[p]->name);
		if (parse_outcome(c, ydom_map_value(n, i), k->text, false, &v->policy_expect[p]))
			return -1;
		v->has_policy_expect[p] = true;
	}
	return 0;
}

/* SCHEMA.md: every policy a vector runs under has an expectation. */
static int check_expectations(struct ld_ctx *c, const struct ydom_node *n, const struct sn_vector *v)
{
	char id[YDOM_EXCERPT_LEN];

	if (v->has_expect)
		return 0;
	for (unsigned i = 0; i < policy_count(); i++) {
		if (!(v->policy_mask & (1u << i)) || v->has_policy_expect[i])
			continue;
		ydom_excerpt(v->id, id);
		return ld_fail(c, n, "vector '%s' has no expectation for policy '%s' (give it "
			       "'expect' or an 'expect-by-policy' entry)", id, host_policies[i]->name);
	}
	return 0;
}

/* id, rules, cite, comment and flags: what every area's vectors have. */
static int parse_vector_common(struct ld_ctx *c, const struct ydom_node *n,
			       const struct header *h, struct sn_vector *v)
{
	const struct ydom_node *x;

	if (get_id(c, ydom_map_get(n, "id"), "id", &v->id) != 0 ||
	    get_string_list(c, ydom_map_get(n, "rules"), "rules", LIST_IDS, true, &v->rules,
			    &v->n_rules, &v->rule_locs) != 0 ||
	    get_string_list(c, ydom_map_get(n, "cite"), "cite", LIST_STRINGS, false, &v->cites,
			    &v->n_cites, NULL) != 0)
		return -1;
	if ((x = ydom_map_get(n, "comment")) && ld_get_string(c, x, "comment", &v->comment) != 0)
		return -1;
	if ((x = ydom_map_get(n, "flags")) && parse_vector_flags(c, x, h, v) != 0)
		return -1;
	return 0;
}

static int parse_vector(struct ld_ctx *c, const struct ydom_node *n, const struct header *h,
			struct sn_vector *v)
{
	const struct ydom_node *x;

	if (n->kind != YDOM_MAP)
		return ld_fail(c, n, "each entry of 'vectors' must be a mapping, not %s",
			       ydom_kind_name(n->kind));
	v->loc = ld_loc_of(c, n);
	if (h->arch)
		return LD_CHECK_KEYS(c, n, "an architecture vector", arch_vector_keys) != 0 ||
		       parse_vector_common(c, n, h, v) != 0 ||
		       ld_arch_input(c, ydom_map_get(n, "input"), h->arch_defaults, &v->scn) != 0
		       ? -1 : 0;
	if (h->tlb) {
		/* Policies as in vste files; each translate step carries its expectation. */
		if (ld_tlb_vector_keys(c, n) != 0 || parse_vector_common(c, n, h, v) != 0)
			return -1;
		v->policy_mask = h->policy_mask;
		if ((x = ydom_map_get(n, "policies")) && parse_vector_policies(c, x, h, v) != 0)
			return -1;
		return ld_tlb_vector(c, n, h->arch_defaults, x != NULL, v);
	}
	if (LD_CHECK_KEYS(c, n, "a vector", vector_keys) != 0 ||
	    parse_vector_common(c, n, h, v) != 0)
		return -1;
	v->policy_mask = h->policy_mask;
	if ((x = ydom_map_get(n, "policies")) && parse_vector_policies(c, x, h, v) != 0)
		return -1;
	if (h->hitless)
		return ld_hitless_vector(c, n, h->arch_defaults, v) != 0 ? -1 :
		       check_expectations(c, n, v);
	if (parse_input(c, ydom_map_get(n, "input"), &h->base, v) != 0)
		return -1;
	if ((x = ydom_map_get(n, "expect"))) {
		if (parse_outcome(c, x, "expect", false, &v->expect) != 0)
			return -1;
		v->has_expect = true;
	}
	if ((x = ydom_map_get(n, "expect-by-policy")) && parse_expect_by_policy(c, x, v) != 0)
		return -1;
	return check_expectations(c, n, v);
}

static int check_unique_vector_ids(struct ld_ctx *c, const struct ydom_node *list,
				   const struct sn_vector_file *f)
{
	char **ids = malloc((f->n_vectors ? f->n_vectors : 1) * sizeof(*ids));
	int rc;

	if (!ids)
		return ld_fail(c, list, "out of memory");
	for (unsigned i = 0; i < f->n_vectors; i++)
		ids[i] = f->vectors[i].id;
	rc = check_unique_ids(c, list, ids, "vector");
	free(ids);
	return rc;
}

static int parse_vectors(struct ld_ctx *c, const struct ydom_node *n, const struct header *h,
			 struct sn_vector_file *f)
{
	if (ld_want_kind(c, n, "vectors", YDOM_SEQ) != 0)
		return -1;
	if (n->n_kids) {
		f->vectors = calloc(n->n_kids, sizeof(*f->vectors));
		if (!f->vectors)
			return ld_fail(c, n, "out of memory");
	}
	f->n_vectors = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_vector(c, n->kids[i], h, &f->vectors[i]) != 0)
			return -1;
	return check_unique_vector_ids(c, n, f);
}

/* ------------------------------------------------------------------ */
/* File header                                                         */

static const struct ld_key_spec header_keys[] = {
	{ "schema", true }, { "area", true }, { "spec", true }, { "description", false },
	{ "default-policy", false }, { "policies", false }, { "test-count", true },
	{ "flags", false }, { "defaults", false }, { "vectors", true },
};

static int check_schema_version(struct ld_ctx *c, const struct ydom_node *n)
{
	u64 version;

	if (ld_get_number(c, n, "schema", 64, &version) != 0)
		return -1;
	if (version != SCHEMA_VERSION)
		return ld_fail(c, n, "key 'schema': unsupported schema version %" PRIu64
			       " (this loader reads version %d)", version, SCHEMA_VERSION);
	return 0;
}

/* Offset in @path of the last directory component named @name, or -1. */
static long last_dir_named(const char *path, const char *name)
{
	const size_t len = strlen(name);
	long found = -1;

	for (const char *s = path, *slash; (slash = strchr(s, '/')); s = slash + 1)
		if ((size_t)(slash - s) == len && memcmp(s, name, len) == 0)
			found = s - path;
	return found;
}

/* SCHEMA.md: a file under vectors/ lives in the directory of its area. */
static int check_area_dir(struct ld_ctx *c, const struct ydom_node *n, const char *area)
{
	long at = last_dir_named(c->path, "vectors");
	const char *dir, *slash;
	char text[YDOM_EXCERPT_LEN];

	if (at < 0)
		return 0;
	dir = c->path + at + strlen("vectors/");
	slash = strchr(dir, '/');
	if (!slash)
		return ld_fail(c, n, "key 'area': a vector file belongs in vectors/%s/, not directly "
			       "in vectors/", area);
	if ((size_t)(slash - dir) == strlen(area) && memcmp(dir, area, strlen(area)) == 0)
		return 0;
	snprintf(text, sizeof(text), "%.*s", (int)(slash - dir), dir);
	return ld_fail(c, n, "key 'area': area '%s' does not match the directory vectors/%s/ "
		       "the file lives in", area, text);
}

static int parse_area(struct ld_ctx *c, const struct ydom_node *n, struct sn_vector_file *f)
{
	static const char *const reserved[] = { "cmdq" };
	const unsigned n_reserved = sizeof(reserved) / sizeof(reserved[0]);
	char text[YDOM_EXCERPT_LEN];
	bool is_reserved = false;

	if (ld_get_string(c, n, "area", &f->area) != 0)
		return -1;
	for (unsigned i = 0; i < n_reserved; i++)
		is_reserved = is_reserved || strcmp(f->area, reserved[i]) == 0;
	f->arch = ld_area_is_arch(f->area);
	ydom_excerpt(f->area, text);
	if (!is_reserved && !f->arch && strcmp(f->area, "vste") != 0 && !ld_area_is_tlb(f->area) &&
	    !ld_area_is_hitless(f->area))
		return ld_fail(c, n, "key 'area': unknown area '%s' (expected vste, ste, cd, walk, "
			       "tlb or hitless; cmdq is reserved)", text);
	if (check_area_dir(c, n, text) != 0)
		return -1;
	/* SCHEMA.md: the command-queue area has no runner yet. */
	if (is_reserved)
		return ld_fail(c, n, "key 'area': area '%s' has no runner yet (schema version %d "
			       "loads vste, ste, cd, walk, tlb and hitless files)", text, SCHEMA_VERSION);
	return 0;
}

static int parse_file_flags(struct ld_ctx *c, const struct ydom_node *n, struct sn_vector_file *f,
			    struct header *h)
{
	unsigned count;

	if (ld_want_kind(c, n, "flags", YDOM_MAP) != 0)
		return -1;
	count = ydom_map_size(n);
	if (count == 0)
		return 0;
	f->flag_names = calloc(count, sizeof(char *));
	f->flag_texts = calloc(count, sizeof(char *));
	h->sorted_flags = calloc(count, sizeof(char *));
	if (!f->flag_names || !f->flag_texts || !h->sorted_flags)
		return ld_fail(c, n, "out of memory");
	f->n_flags = count;
	for (unsigned i = 0; i < count; i++) {
		const struct ydom_node *k = ydom_map_key(n, i);

		if (ld_get_string(c, k, "flags", &f->flag_names[i]) != 0 ||
		    ld_get_string(c, ydom_map_value(n, i), k->text, &f->flag_texts[i]) != 0)
			return -1;
		h->sorted_flags[i] = f->flag_names[i];
	}
	h->n_flags = count;
	qsort(h->sorted_flags, count, sizeof(char *), cmp_str_ptr);
	return 0;
}

static int parse_test_count(struct ld_ctx *c, const struct ydom_node *n, struct sn_vector_file *f)
{
	u64 count;

	if (ld_get_number(c, n, "test-count", 32, &count) != 0)
		return -1;
	f->test_count = (unsigned)count;
	return 0;
}

/* The rest of the header of an architecture file: no policies, its own defaults. */
static int parse_arch_header(struct ld_ctx *c, const struct ydom_node *root,
			     struct sn_vector_file *f, struct header *h)
{
	static const char *const policy_keys[] = { "default-policy", "policies" };
	const struct ydom_node *x;

	for (unsigned i = 0; i < 2; i++) {
		for (unsigned k = 0; k < ydom_map_size(root); k++) {
			if (strcmp(ydom_map_key(root, k)->text, policy_keys[i]) != 0)
				continue;
			return ld_fail(c, ydom_map_key(root, k), "key '%s': area '%s' does not "
				       "depend on a host policy", policy_keys[i], f->area);
		}
	}
	h->arch = true;
	f->policy_mask = 0;
	if (parse_test_count(c, ydom_map_get(root, "test-count"), f) != 0)
		return -1;
	if ((x = ydom_map_get(root, "flags")) && parse_file_flags(c, x, f, h) != 0)
		return -1;
	if ((x = ydom_map_get(root, "defaults"))) {
		if (ld_arch_defaults(c, x) != 0)
			return -1;
		h->arch_defaults = x;
	}
	return 0;
}

static int parse_header(struct ld_ctx *c, const struct ydom_node *root, struct sn_vector_file *f,
			struct header *h)
{
	const struct ydom_node *x;
	int p;

	if (check_schema_version(c, ydom_map_get(root, "schema")) != 0 ||
	    parse_area(c, ydom_map_get(root, "area"), f) != 0 ||
	    ld_get_string(c, ydom_map_get(root, "spec"), "spec", &f->spec) != 0)
		return -1;
	if ((x = ydom_map_get(root, "description")) &&
	    ld_get_string(c, x, "description", &f->description) != 0)
		return -1;
	f->default_policy = host_policy_default();
	if (f->arch)
		return parse_arch_header(c, root, f, h);
	if ((x = ydom_map_get(root, "default-policy"))) {
		if (get_policy(c, x, "default-policy", &p) != 0)
			return -1;
		f->default_policy = host_policies[p];
	}
	f->policy_mask = all_policies_mask();
	if ((x = ydom_map_get(root, "policies")) && get_policy_list(c, x, "policies", &f->policy_mask))
		return -1;
	h->policy_mask = f->policy_mask;
	if (parse_test_count(c, ydom_map_get(root, "test-count"), f) != 0)
		return -1;
	if ((x = ydom_map_get(root, "flags")) && parse_file_flags(c, x, f, h) != 0)
		return -1;
	if (ld_area_is_hitless(f->area)) {
		/* SCHEMA.md area hitless: defaults hold input keys (kind, from, to). */
		h->hitless = true;
		if ((x = ydom_map_get(root, "defaults"))) {
			if (ld_hitless_defaults(c, x) != 0)
				return -1;
			h->arch_defaults = x;
		}
		return 0;
	}
	if (ld_area_is_tlb(f->area)) {
		/* SCHEMA.md area tlb: the architecture areas' defaults. */
		h->tlb = true;
		if ((x = ydom_map_get(root, "defaults"))) {
			if (ld_arch_defaults(c, x) != 0)
				return -1;
			h->arch_defaults = x;
		}
		return 0;
	}
	memcpy(h->base.parent, host_default_parent, sizeof(h->base.parent));
	host_env_default(&h->base.env);
	if ((x = ydom_map_get(root, "defaults")) && parse_defaults(c, x, &h->base) != 0)
		return -1;
	return 0;
}

static int parse_vector_file(struct ld_ctx *c, const struct ydom_node *root, struct sn_vector_file *f)
{
	struct header h = { 0 };
	const struct ydom_node *list;
	int rc = -1;

	if (root->kind != YDOM_MAP)
		return ld_fail(c, root, "a vector file must be a mapping of header keys, not %s",
			       ydom_kind_name(root->kind));
	if (LD_CHECK_KEYS(c, root, "the file header", header_keys) != 0)
		goto out;
	if (parse_header(c, root, f, &h) != 0)
		goto out;
	list = ydom_map_get(root, "vectors");
	if (parse_vectors(c, list, &h, f) != 0)
		goto out;
	if (f->test_count != f->n_vectors) {
		ld_fail(c, ydom_map_get(root, "test-count"), "key 'test-count': test-count is %u but "
			"the file has %u vector%s", f->test_count, f->n_vectors,
			f->n_vectors == 1 ? "" : "s");
		goto out;
	}
	rc = 0;
out:
	free(h.sorted_flags);
	return rc;
}

int sn_vector_file_load(const char *path, struct sn_vector_file *out, struct sn_error *err)
{
	struct ydom_node *root;
	struct ld_ctx c = { .err = err };
	int rc;

	memset(out, 0, sizeof(*out));
	if (load_tree(path, &root, &out->path, err) != 0)
		return -1;
	c.path = out->path;
	rc = parse_vector_file(&c, root, out);
	ydom_free(root);
	if (rc != 0)
		sn_vector_file_free(out);
	return rc;
}

const struct sn_outcome *sn_vector_expect_for(const struct sn_vector *v, unsigned policy_index)
{
	if (policy_index < SN_MAX_POLICIES && v->has_policy_expect[policy_index])
		return &v->policy_expect[policy_index];
	return v->has_expect ? &v->expect : NULL;
}

/* ------------------------------------------------------------------ */
/* Rules catalogues                                                    */

static const struct ld_key_spec rule_file_keys[] = {
	{ "schema", true }, { "rules", true },
};

static const struct ld_key_spec rule_keys[] = {
	{ "id", true }, { "kind", true }, { "text", true }, { "sources", true },
	{ "policies", false }, { "choice", false }, { "waiver", false },
};

static int parse_rule_kind(struct ld_ctx *c, const struct ydom_node *n, struct sn_rule *r)
{
	char text[YDOM_EXCERPT_LEN];

	if (ld_get_string(c, n, "kind", &r->kind) != 0)
		return -1;
	if (strcmp(r->kind, "arch") == 0 || strcmp(r->kind, "policy") == 0)
		return 0;
	ydom_excerpt(r->kind, text);
	return ld_fail(c, n, "key 'kind': unknown kind '%s' (expected arch or policy)", text);
}

static int parse_rule(struct ld_ctx *c, const struct ydom_node *n, struct sn_rule *r)
{
	const struct ydom_node *id, *x;

	if (n->kind != YDOM_MAP)
		return ld_fail(c, n, "each entry of 'rules' must be a mapping, not %s",
			       ydom_kind_name(n->kind));
	if (LD_CHECK_KEYS(c, n, "a rule", rule_keys) != 0)
		return -1;
	id = ydom_map_get(n, "id");
	r->loc = ld_loc_of(c, id);
	if (get_id(c, id, "id", &r->id) != 0 ||
	    parse_rule_kind(c, ydom_map_get(n, "kind"), r) != 0 ||
	    ld_get_string(c, ydom_map_get(n, "text"), "text", &r->text) != 0 ||
	    get_string_list(c, ydom_map_get(n, "sources"), "sources", LIST_STRINGS, false,
			    &r->sources, &r->n_sources, NULL) != 0)
		return -1;
	if ((x = ydom_map_get(n, "policies")) && get_policy_list(c, x, "policies", &r->policy_mask))
		return -1;
	if ((x = ydom_map_get(n, "choice")) && ld_get_string(c, x, "choice", &r->choice) != 0)
		return -1;
	if ((x = ydom_map_get(n, "waiver")) && ld_get_string(c, x, "waiver", &r->waiver) != 0)
		return -1;
	return 0;
}

static int check_unique_rule_ids(struct ld_ctx *c, const struct ydom_node *list,
				 const struct sn_rule_file *f)
{
	char **ids = malloc((f->n_rules ? f->n_rules : 1) * sizeof(*ids));
	int rc;

	if (!ids)
		return ld_fail(c, list, "out of memory");
	for (unsigned i = 0; i < f->n_rules; i++)
		ids[i] = f->rules[i].id;
	rc = check_unique_ids(c, list, ids, "rule");
	free(ids);
	return rc;
}

static int parse_rule_file(struct ld_ctx *c, const struct ydom_node *root, struct sn_rule_file *f)
{
	const struct ydom_node *list;

	if (root->kind != YDOM_MAP)
		return ld_fail(c, root, "a rules file must be a mapping with 'schema' and 'rules', "
			       "not %s", ydom_kind_name(root->kind));
	if (LD_CHECK_KEYS(c, root, "a rules file", rule_file_keys) != 0 ||
	    check_schema_version(c, ydom_map_get(root, "schema")) != 0)
		return -1;
	list = ydom_map_get(root, "rules");
	if (ld_want_kind(c, list, "rules", YDOM_SEQ) != 0)
		return -1;
	if (list->n_kids) {
		f->rules = calloc(list->n_kids, sizeof(*f->rules));
		if (!f->rules)
			return ld_fail(c, list, "out of memory");
	}
	f->n_rules = list->n_kids;
	for (unsigned i = 0; i < list->n_kids; i++)
		if (parse_rule(c, list->kids[i], &f->rules[i]) != 0)
			return -1;
	return check_unique_rule_ids(c, list, f);
}

int sn_rule_file_load(const char *path, struct sn_rule_file *out, struct sn_error *err)
{
	struct ydom_node *root;
	struct ld_ctx c = { .err = err };
	int rc;

	memset(out, 0, sizeof(*out));
	if (load_tree(path, &root, &out->path, err) != 0)
		return -1;
	c.path = out->path;
	rc = parse_rule_file(&c, root, out);
	ydom_free(root);
	if (rc != 0)
		sn_rule_file_free(out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Finding files                                                       */

/*
 * A file is a rules file when the nearest directory above it named either
 * "rules" or "vectors" is "rules": vectors/rules-tests/... or a checkout
 * below some /home/rules/ stay vector files.
 */
bool sn_is_rules_path(const char *path)
{
	long rules = last_dir_named(path, "rules");

	return rules >= 0 && rules > last_dir_named(path, "vectors");
}

struct path_list {
	char **items;
	unsigned n, cap;
};

static int path_error(struct sn_error *err, const char *path, const char *what)
{
	snprintf(err->msg, sizeof(err->msg), "%s: %s%s", path, what, strerror(errno));
	return -1;
}

static int push_path(struct path_list *l, char *path, struct sn_error *err)
{
	if (!path) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	if (l->n == l->cap) {
		unsigned cap = l->cap ? 2 * l->cap : 16;
		char **items = realloc(l->items, cap * sizeof(*items));

		if (!items) {
			snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
			free(path);
			return -1;
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = path;
	return 0;
}

static char *join_path(const char *dir, const char *name)
{
	size_t dlen = strlen(dir);
	const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
	size_t len = dlen + strlen(sep) + strlen(name) + 1;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%s%s%s", dir, sep, name);
	return p;
}

static bool has_yaml_suffix(const char *name)
{
	size_t len = strlen(name);

	return (len > 5 && strcmp(name + len - 5, ".yaml") == 0) ||
	       (len > 4 && strcmp(name + len - 4, ".yml") == 0);
}

static int walk_dir(const char *dir, unsigned depth, struct path_list *l, struct sn_error *err);

/* One directory entry: recurse into directories, keep YAML files. */
static int walk_entry(const char *path, unsigned depth, struct path_list *l,
		      struct sn_error *err)
{
	struct stat st;

	/* lstat: a symlink to a directory is never followed, so no walk can loop. */
	if (lstat(path, &st) != 0)
		return path_error(err, path, "");
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, depth + 1, l, err);
	if (!has_yaml_suffix(path))
		return 0;
	if (S_ISLNK(st.st_mode) && (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
		return 0;
	if (!S_ISREG(st.st_mode))
		return 0;
	return push_path(l, strdup(path), err);
}

static int walk_dir(const char *dir, unsigned depth, struct path_list *l, struct sn_error *err)
{
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (depth > MAX_DIR_DEPTH) {
		snprintf(err->msg, sizeof(err->msg), "%s: directories nest deeper than %d levels",
			 dir, MAX_DIR_DEPTH);
		return -1;
	}
	d = opendir(dir);
	if (!d)
		return path_error(err, dir, "cannot open directory: ");
	while (rc == 0 && (e = readdir(d))) {
		char *path;

		/* ".", ".." and hidden entries such as editor backups or .git */
		if (e->d_name[0] == '.')
			continue;
		path = join_path(dir, e->d_name);
		if (!path) {
			snprintf(err->msg, sizeof(err->msg), "%s: out of memory", dir);
			rc = -1;
			break;
		}
		rc = walk_entry(path, depth, l, err);
		free(path);
	}
	closedir(d);
	return rc;
}

static int collect_one(const char *path, struct path_list *l, struct sn_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return path_error(err, path, "");
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, 0, l, err);
	/* A file named on the command line is taken whatever its suffix. */
	return push_path(l, strdup(path), err);
}

static int cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort, so that every run lists files in the same order, and drop repeats. */
static void sort_unique(struct path_list *l)
{
	unsigned kept = 0;

	if (l->n)
		qsort(l->items, l->n, sizeof(*l->items), cmp_paths);
	for (unsigned i = 0; i < l->n; i++) {
		if (kept && strcmp(l->items[kept - 1], l->items[i]) == 0)
			free(l->items[i]);
		else
			l->items[kept++] = l->items[i];
	}
	l->n = kept;
}

int sn_collect_yaml(const char *const *paths, unsigned n_paths, char ***files,
		    unsigned *n_files, struct sn_error *err)
{
	struct path_list l = { 0 };

	*files = NULL;
	*n_files = 0;
	for (unsigned i = 0; i < n_paths; i++) {
		if (collect_one(paths[i], &l, err) != 0) {
			sn_free_paths(l.items, l.n);
			return -1;
		}
	}
	sort_unique(&l);
	*files = l.items;
	*n_files = l.n;
	return 0;
}

void sn_free_paths(char **files, unsigned n_files)
{
	free_strings(files, n_files);
}
