/* SPDX-License-Identifier: MIT */
/*
 * A small YAML tree for the vector and rules loaders.
 *
 * libyaml's event stream is folded into scalar, sequence and mapping nodes,
 * each carrying the 1-based line and column where it starts.  Everything
 * the schema never needs, and everything that makes YAML dangerous to load,
 * is refused here with a located error: anchors and aliases (exponential
 * expansion), tags, several documents, deep nesting, duplicate or
 * non-scalar mapping keys, NUL bytes in scalars and oversized input.  The
 * loader above this layer then only has to check the schema.
 */
#ifndef SMMU_NEST_YAML_DOM_H
#define SMMU_NEST_YAML_DOM_H

#include <stdbool.h>
#include <stddef.h>

#define YDOM_MAX_BYTES (16u << 20)  /* input size limit: 16 MiB */
#define YDOM_MAX_DEPTH 64           /* sequences and mappings inside each other */
#define YDOM_MAX_NODES (1u << 20)   /* bounds the memory a small file can claim */

enum ydom_kind { YDOM_SCALAR, YDOM_SEQ, YDOM_MAP };

struct ydom_node {
	enum ydom_kind kind;
	unsigned line, col;         /* 1-based, where the node starts */
	/* YDOM_SCALAR */
	char *text;                 /* NUL-terminated; holds no other NUL */
	bool quoted;                /* written quoted or as a block scalar */
	/*
	 * YDOM_SEQ: the items.  YDOM_MAP: key, value, key, value, ...; every
	 * key is a scalar and no two keys are equal.
	 */
	struct ydom_node **kids;
	unsigned n_kids, cap;
};

/*
 * Parse @len bytes at @buf, naming them @name in errors.  0 with *@root set
 * (free it with ydom_free), or -1 with "name:line:col: message" in @err.
 */
int ydom_parse(const char *name, const unsigned char *buf, size_t len,
	       struct ydom_node **root, char *err, size_t err_len);

/* ydom_parse() on the contents of the file @path. */
int ydom_load(const char *path, struct ydom_node **root, char *err, size_t err_len);

void ydom_free(struct ydom_node *n);

/* Mapping access: the number of pairs, the i-th key and value. */
static inline unsigned ydom_map_size(const struct ydom_node *map)
{
	return map->n_kids / 2;
}

static inline const struct ydom_node *ydom_map_key(const struct ydom_node *map, unsigned i)
{
	return map->kids[2 * i];
}

static inline const struct ydom_node *ydom_map_value(const struct ydom_node *map, unsigned i)
{
	return map->kids[2 * i + 1];
}

/* The value of @key in @map, or NULL if @map has no such key. */
const struct ydom_node *ydom_map_get(const struct ydom_node *map, const char *key);

/* Is @n a plain (unquoted) scalar that YAML reads as null ("", ~, null)? */
bool ydom_is_null(const struct ydom_node *n);

/* "a scalar", "a list" or "a mapping", for messages. */
const char *ydom_kind_name(enum ydom_kind kind);

/*
 * @s made fit to quote in a one-line message: bytes outside printable ASCII
 * become '?', and long text is cut short with "...".
 */
#define YDOM_EXCERPT_LEN 48
void ydom_excerpt(const char *s, char out[YDOM_EXCERPT_LEN]);

#endif
