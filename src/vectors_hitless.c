// SPDX-License-Identifier: MIT
/*
 * The input and outcomes of the entry-writer area (hitless;
 * vectors/SCHEMA.md "Area hitless: live STE and CD updates"): from the
 * YAML tree into struct sn_hitless.
 *
 * vectors.c reads the header and a vector's common keys (id, rules, cite,
 * comment, flags, policies) and hands the rest here: the input (kind, from,
 * to; keys it lacks from the header's defaults), 'expect' and
 * 'expect-by-policy'.  As in the other loaders every check stops at the
 * first problem and reports it as "file:line:col: message" at the node
 * that is wrong; struct sn_hitless holds no pointers, so a half-filled one
 * is freed with the vector like any other.
 */
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/hitlessvec.h>
#include "load.h"

bool ld_area_is_hitless(const char *area)
{
	return strcmp(area, "hitless") == 0;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

static const char *const path_names[] = {
	[WRITER_NOOP] = "noop",
	[WRITER_NO_CRITICAL] = "no-critical",
	[WRITER_HITLESS] = "hitless",
	[WRITER_BREAKING] = "breaking",
};

#define N_PATHS (sizeof(path_names) / sizeof(path_names[0]))

const char *sn_hitless_path_name(enum writer_path p)
{
	return (unsigned)p < N_PATHS ? path_names[p] : NULL;
}

bool sn_hitless_path_parse(const char *name, enum writer_path *p)
{
	for (unsigned i = 0; i < N_PATHS; i++) {
		if (strcmp(path_names[i], name) == 0) {
			*p = (enum writer_path)i;
			return true;
		}
	}
	return false;
}

const char *sn_hitless_kind_name(enum writer_kind k)
{
	return k == WRITER_STE ? "ste" : "cd";
}

const struct sn_hitless_outcome *sn_hitless_expect_for(const struct sn_hitless *h,
							unsigned policy_index)
{
	if (policy_index < SN_MAX_POLICIES && h->has_policy_expect[policy_index])
		return &h->policy_expect[policy_index];
	return h->has_expect ? &h->expect : NULL;
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

static const char *const kind_names[] = { [WRITER_STE] = "ste", [WRITER_CD] = "cd" };

static int parse_kind(struct ld_ctx *c, const struct ydom_node *n, enum writer_kind *k)
{
	unsigned i;

	if (ld_get_choice(c, n, "kind", kind_names, 2, &i) != 0)
		return -1;
	*k = (enum writer_kind)i;
	return 0;
}

static int parse_entry(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		       u64 words[WRITER_QWORDS])
{
	return ld_get_words(c, n, key, words, WRITER_QWORDS, "the entry's words 0 to 7");
}

static const struct ld_key_spec input_keys[] = {
	{ "kind", false }, { "from", false }, { "to", false },
};

int ld_hitless_defaults(struct ld_ctx *c, const struct ydom_node *defaults)
{
	const struct ydom_node *x;
	u64 words[WRITER_QWORDS];
	enum writer_kind k;

	if (ld_want_kind(c, defaults, "defaults", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, defaults, "the header's defaults", input_keys) != 0)
		return -1;
	if ((x = ydom_map_get(defaults, "kind")) && parse_kind(c, x, &k) != 0)
		return -1;
	if ((x = ydom_map_get(defaults, "from")) && parse_entry(c, x, "from", words) != 0)
		return -1;
	if ((x = ydom_map_get(defaults, "to")) && parse_entry(c, x, "to", words) != 0)
		return -1;
	return 0;
}

/* The node for input key @key: the vector's own, else the defaults', else NULL. */
static const struct ydom_node *input_key(const struct ydom_node *input,
					 const struct ydom_node *defaults, const char *key)
{
	const struct ydom_node *x = ydom_map_get(input, key);

	return x ? x : defaults ? ydom_map_get(defaults, key) : NULL;
}

static int parse_input(struct ld_ctx *c, const struct ydom_node *input,
		       const struct ydom_node *defaults, struct sn_hitless *h)
{
	const struct ydom_node *kind, *from, *to;

	if (ld_want_kind(c, input, "input", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, input, "a hitless vector's input", input_keys) != 0)
		return -1;
	for (unsigned i = 0; i < sizeof(input_keys) / sizeof(input_keys[0]); i++)
		if (!input_key(input, defaults, input_keys[i].name))
			return ld_fail(c, input, "a hitless vector's input lacks the required key "
				       "'%s'", input_keys[i].name);
	kind = input_key(input, defaults, "kind");
	from = input_key(input, defaults, "from");
	to = input_key(input, defaults, "to");
	if (parse_kind(c, kind, &h->kind) != 0 || parse_entry(c, from, "from", h->from) != 0 ||
	    parse_entry(c, to, "to", h->to) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Outcomes                                                            */

#define MAX_SYNCS 3     /* one per entry_set() step, three steps at most */

static const struct ld_key_spec outcome_keys[] = {
	{ "syncs", true }, { "hitless", true }, { "path", false }, { "torn", false },
};

static const char *const torn_names[] = { "safe", "unsafe" };

static int parse_outcome(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			 struct sn_hitless_outcome *o)
{
	const struct ydom_node *x;
	u64 syncs;

	if (ld_want_kind(c, n, key, YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "a hitless outcome", outcome_keys) != 0)
		return -1;
	o->loc = ld_loc_of(c, n);
	x = ydom_map_get(n, "syncs");
	if (ld_get_number(c, x, "syncs", 32, &syncs) != 0)
		return -1;
	if (syncs > MAX_SYNCS)
		return ld_fail(c, x, "key 'syncs': %s is more than %d (the writer syncs at most once "
			       "after each of its three steps)", x->text, MAX_SYNCS);
	o->syncs = (unsigned)syncs;
	if (ld_get_bool(c, ydom_map_get(n, "hitless"), "hitless", &o->hitless) != 0)
		return -1;
	if ((x = ydom_map_get(n, "path"))) {
		unsigned i;

		if (ld_get_choice(c, x, "path", path_names, N_PATHS, &i) != 0)
			return -1;
		o->has_path = true;
		o->path = (enum writer_path)i;
	}
	if ((x = ydom_map_get(n, "torn"))) {
		unsigned i;

		if (ld_get_choice(c, x, "torn", torn_names, 2, &i) != 0)
			return -1;
		o->torn_unsafe = i == 1;
	}
	return 0;
}

static int parse_expect_by_policy(struct ld_ctx *c, const struct ydom_node *n,
				  struct sn_vector *v, struct sn_hitless *h)
{
	if (ld_want_kind(c, n, "expect-by-policy", YDOM_MAP) != 0)
		return -1;
	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i);
		int p;

		if (ld_get_policy(c, k, "expect-by-policy", &p) != 0)
			return -1;
		/* An entry no replay would ever read is a mistake, not data. */
		if (!(v->policy_mask & (1u << p)))
			return ld_fail(c, k, "key 'expect-by-policy': the vector is not replayed "
				       "under policy '%s'", host_policies[p]->name);
		if (parse_outcome(c, ydom_map_value(n, i), k->text, &h->policy_expect[p]) != 0)
			return -1;
		h->has_policy_expect[p] = true;
		v->has_policy_expect[p] = true;
	}
	return 0;
}

int ld_hitless_vector(struct ld_ctx *c, const struct ydom_node *vec,
		      const struct ydom_node *defaults, struct sn_vector *v)
{
	struct sn_hitless *h = calloc(1, sizeof(*h));
	const struct ydom_node *x;

	if (!h)
		return ld_fail(c, vec, "out of memory");
	v->scn = &h->scn;
	if (parse_input(c, ydom_map_get(vec, "input"), defaults, h) != 0)
		return -1;
	if ((x = ydom_map_get(vec, "expect"))) {
		if (parse_outcome(c, x, "expect", &h->expect) != 0)
			return -1;
		h->has_expect = true;
		v->has_expect = true;
	}
	if ((x = ydom_map_get(vec, "expect-by-policy")) && parse_expect_by_policy(c, x, v, h) != 0)
		return -1;
	return 0;
}
