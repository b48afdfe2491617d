// SPDX-License-Identifier: MIT
/* Schema primitives shared by the vector loaders (load.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/number.h>
#include "load.h"

int ld_fail(struct ld_ctx *c, const struct ydom_node *at, const char *fmt, ...)
{
	char *msg = c->err->msg;
	const size_t len = sizeof(c->err->msg);
	size_t used;
	va_list ap;

	snprintf(msg, len, "%s:%u:%u: ", c->path, at->line, at->col);
	used = strlen(msg);
	va_start(ap, fmt);
	vsnprintf(msg + used, len - used, fmt, ap);
	va_end(ap);
	return -1;
}

void ld_append_choice(char *buf, size_t len, const char *name, unsigned i, unsigned n)
{
	size_t used = strlen(buf);
	const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";

	snprintf(buf + used, len - used, "%s%s", sep, name);
}

struct sn_loc ld_loc_of(const struct ld_ctx *c, const struct ydom_node *n)
{
	return (struct sn_loc){ .file = c->path, .line = n->line, .col = n->col };
}

int ld_check_keys(struct ld_ctx *c, const struct ydom_node *map, const char *what,
		  const struct ld_key_spec *keys, unsigned n_keys)
{
	char choices[256] = "", name[YDOM_EXCERPT_LEN];

	for (unsigned i = 0; i < ydom_map_size(map); i++) {
		const struct ydom_node *k = ydom_map_key(map, i);
		bool known = false;

		for (unsigned j = 0; j < n_keys && !known; j++)
			known = strcmp(k->text, keys[j].name) == 0;
		if (known)
			continue;
		for (unsigned j = 0; j < n_keys; j++)
			ld_append_choice(choices, sizeof(choices), keys[j].name, j, n_keys);
		ydom_excerpt(k->text, name);
		return ld_fail(c, k, "unknown key '%s' in %s (expected %s)", name, what, choices);
	}
	for (unsigned j = 0; j < n_keys; j++)
		if (keys[j].required && !ydom_map_get(map, keys[j].name))
			return ld_fail(c, map, "%s lacks the required key '%s'", what, keys[j].name);
	return 0;
}

int ld_want_kind(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		 enum ydom_kind kind)
{
	if (n->kind == kind)
		return 0;
	if (ydom_is_null(n))
		return ld_fail(c, n, "key '%s': has no value (expected %s)", key, ydom_kind_name(kind));
	return ld_fail(c, n, "key '%s': must be %s, not %s", key, ydom_kind_name(kind),
		       ydom_kind_name(n->kind));
}

const struct ydom_node *ld_any_of(struct ld_ctx *c, const struct ydom_node *n)
{
	static const struct ld_key_spec keys[] = { { "result", true }, { "any-of", true } };
	const struct ydom_node *alts;

	if (LD_CHECK_KEYS(c, n, "an 'acceptable' outcome", keys) != 0)
		return NULL;
	alts = ydom_map_get(n, "any-of");
	if (ld_want_kind(c, alts, "any-of", YDOM_SEQ) != 0)
		return NULL;
	if (alts->n_kids == 0) {
		ld_fail(c, alts, "key 'any-of': must list at least one outcome");
		return NULL;
	}
	return alts;
}

void *ld_alloc_items(unsigned n, size_t size)
{
	return calloc(n ? n : 1, size);
}

int ld_mem_words(struct ld_ctx *c, const struct ydom_node *w, u64 addr, u64 **words,
		 unsigned *n_words)
{
	if (ld_want_kind(c, w, "words", YDOM_SEQ) != 0)
		return -1;
	if (w->n_kids == 0)
		return ld_fail(c, w, "key 'words': must not be empty");
	if ((u64)w->n_kids * 8 - 1 > ~addr)
		return ld_fail(c, w, "key 'words': the words run past the end of the address space");
	*words = ld_alloc_items(w->n_kids, sizeof(**words));
	if (!*words)
		return ld_fail(c, w, "out of memory");
	*n_words = w->n_kids;
	for (unsigned i = 0; i < w->n_kids; i++)
		if (ld_get_number(c, w->kids[i], "words", 64, &(*words)[i]) != 0)
			return -1;
	return 0;
}

int ld_get_number(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		  unsigned bits, u64 *out)
{
	char text[YDOM_EXCERPT_LEN];
	enum sn_num_status st;

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key '%s': must be a number, not %s", key, ydom_kind_name(n->kind));
	ydom_excerpt(n->text, text);
	st = sn_parse_u64(n->text, out);
	if (st == SN_NUM_BAD)
		return ld_fail(c, n, "key '%s': '%s' is not an unsigned number "
			       "(write decimal like 42 or hex like 0x2a)", key, text);
	if (st == SN_NUM_TOO_WIDE || (bits < 64 && (*out >> bits) != 0))
		return ld_fail(c, n, "key '%s': %s does not fit in %u bits", key, text, bits);
	return 0;
}

int ld_get_bool(struct ld_ctx *c, const struct ydom_node *n, const char *key, bool *out)
{
	char text[YDOM_EXCERPT_LEN];

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key '%s': must be true or false, not %s", key,
			       ydom_kind_name(n->kind));
	/* Quoted "true" is a string in YAML, so only plain scalars qualify. */
	if (!n->quoted && strcmp(n->text, "true") == 0) {
		*out = true;
		return 0;
	}
	if (!n->quoted && strcmp(n->text, "false") == 0) {
		*out = false;
		return 0;
	}
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key '%s': must be true or false (unquoted), not '%s'", key, text);
}

int ld_get_string(struct ld_ctx *c, const struct ydom_node *n, const char *key, char **out)
{
	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key '%s': must be a string, not %s", key, ydom_kind_name(n->kind));
	if (ydom_is_null(n) || !n->text[0])
		return ld_fail(c, n, "key '%s': must be a non-empty string", key);
	*out = strdup(n->text);
	if (!*out)
		return ld_fail(c, n, "out of memory");
	return 0;
}

int ld_get_words(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		 u64 *words, unsigned want, const char *what)
{
	if (ld_want_kind(c, n, key, YDOM_SEQ) != 0)
		return -1;
	if (n->n_kids != want)
		return ld_fail(c, n, "key '%s': must hold exactly %u numbers (%s), not %u",
			       key, want, what, n->n_kids);
	for (unsigned i = 0; i < want; i++)
		if (ld_get_number(c, n->kids[i], key, 64, &words[i]) != 0)
			return -1;
	return 0;
}
