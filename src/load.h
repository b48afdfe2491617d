/* SPDX-License-Identifier: MIT */
/*
 * Schema primitives shared by the vector loaders (vectors.c for the file,
 * the vste area and the rules; vectors_arch.c for the architecture areas;
 * vectors_tlb.c and vectors_hitless.c for the cache and entry-writer areas).
 * Each check reports the first problem as "file:line:col: message" at the
 * node that is wrong and returns -1; 0 means the node is fine.
 */
#ifndef SMMU_NEST_LOAD_H
#define SMMU_NEST_LOAD_H

#include <stddef.h>
#include <smmu-nest/vectors.h>
#include "yaml_dom.h"

struct ld_ctx {
	const char *path;               /* owned by the struct being filled */
	struct sn_error *err;
};

/* Fill the error at @at; always -1. */
int ld_fail(struct ld_ctx *c, const struct ydom_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append @name as item @i of @n to a list read "a, b, c or d". */
void ld_append_choice(char *buf, size_t len, const char *name, unsigned i, unsigned n);

struct sn_loc ld_loc_of(const struct ld_ctx *c, const struct ydom_node *n);

struct ld_key_spec {
	const char *name;
	bool required;
};

/*
 * @map holds only keys from @keys and every required one.  @what names the
 * mapping in messages ("a vector", "the file header").
 */
int ld_check_keys(struct ld_ctx *c, const struct ydom_node *map, const char *what,
		  const struct ld_key_spec *keys, unsigned n_keys);

#define LD_CHECK_KEYS(c, map, what, keys) \
	ld_check_keys((c), (map), (what), (keys), sizeof(keys) / sizeof((keys)[0]))

/* @n is of @kind; @key names it in messages. */
int ld_want_kind(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		 enum ydom_kind kind);

/*
 * The alternatives of an 'acceptable' outcome mapping @n: its keys are
 * exactly 'result' and 'any-of', and 'any-of' is a non-empty list.  The
 * list node, or NULL with the error reported.  (vectors/SCHEMA.md)
 */
const struct ydom_node *ld_any_of(struct ld_ctx *c, const struct ydom_node *n);

/* An unsigned number of at most @bits bits (vectors/SCHEMA.md "Numbers"). */
int ld_get_number(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		  unsigned bits, u64 *out);

/* Unquoted true or false. */
int ld_get_bool(struct ld_ctx *c, const struct ydom_node *n, const char *key, bool *out);

/* A non-empty string, copied into *@out for the caller to free. */
int ld_get_string(struct ld_ctx *c, const struct ydom_node *n, const char *key, char **out);

/* Exactly @want numbers of 64 bits each; @what names them in messages. */
int ld_get_words(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		 u64 *words, unsigned want, const char *what);

/* calloc() of @n items (at least one, so that an empty list is not NULL). */
void *ld_alloc_items(unsigned n, size_t size);

/*
 * The 'words' list @w of a run of memory words starting at @addr (already
 * read and aligned): 64-bit numbers, at least one, not running past the
 * end of the address space; into a new array *@words of *@n_words.
 * (SCHEMA.md: memory.raw entries and tlb 'write' steps.)
 */
int ld_mem_words(struct ld_ctx *c, const struct ydom_node *w, u64 addr, u64 **words,
		 unsigned *n_words);

/* ---- The architecture areas (vectors_arch.c) ---------------------- */

struct sn_scenario;

/* Is @area one of the architecture areas (ste, cd, walk)? */
bool ld_area_is_arch(const char *area);

/* The header's 'defaults' of an architecture file: a mapping of input keys. */
int ld_arch_defaults(struct ld_ctx *c, const struct ydom_node *defaults);

/*
 * A vector's 'input' of an architecture area into a new scenario, with keys
 * it lacks taken from @defaults (NULL if none).  The scenario is built once
 * to check that it can be; *@out is set (and must be freed) even on failure.
 */
int ld_arch_input(struct ld_ctx *c, const struct ydom_node *input,
		  const struct ydom_node *defaults, struct sn_scenario **out);

/* Pieces of the architecture loader shared with the tlb area (vectors_tlb.c). */
struct sn_txn;
struct sn_arch_outcome;

/*
 * The scenario keys of @input (smmu, memory, tables, cds, stream-table;
 * those it lacks from @defaults) into @s; no key check, no transactions.
 */
int ld_arch_parts(struct ld_ctx *c, const struct ydom_node *input,
		  const struct ydom_node *defaults, struct sn_scenario *s);

/* A transaction's sid, ssid, addr, write, priv and instr (not kind, no key check). */
int ld_arch_txn_fields(struct ld_ctx *c, const struct ydom_node *n, struct sn_txn *t);

/* An architecture outcome (ok, fault or acceptable); @key names it in messages. */
int ld_arch_outcome(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		    struct sn_arch_outcome *o);

/* One of @names (exact match); its index in *@out. */
int ld_get_choice(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		  const char *const *names, unsigned count, unsigned *out);

/* ---- The tlb area (vectors_tlb.c) ---------------------------------- */

/* Is @area the cache area "tlb"? */
bool ld_area_is_tlb(const char *area);

/*
 * A tlb vector's keys (before anything else is read): the architecture
 * vector keys plus policies and bug; expect and expect-by-policy refused.
 */
int ld_tlb_vector_keys(struct ld_ctx *c, const struct ydom_node *vec);

/*
 * The rest of a tlb vector @vec: bug and input (scenario, domain, viommu,
 * steps), with the scenario built once and the steps checked against it.
 * On entry v->policy_mask holds the vector's policies (@explicit: given by
 * its own 'policies' key, else the file's); on return it is the set the
 * vector runs under.  v->scn is set (and freed with the vector) even on
 * failure.
 */
int ld_tlb_vector(struct ld_ctx *c, const struct ydom_node *vec,
		  const struct ydom_node *defaults, bool explicit_policies,
		  struct sn_vector *v);

/* Free what ld_tlb_vector() added to @v beyond the scenario itself. */
void ld_tlb_vector_release(struct sn_vector *v);

/* ---- The policies (vectors.c) -------------------------------------- */

/* A policy name: its index in host_policies in *@index (@key names it in messages). */
int ld_get_policy(struct ld_ctx *c, const struct ydom_node *n, const char *key, int *index);

/* ---- The hitless area (vectors_hitless.c) -------------------------- */

/* Is @area the entry-writer area "hitless"? */
bool ld_area_is_hitless(const char *area);

/* The header's 'defaults' of a hitless file: input keys (kind, from, to). */
int ld_hitless_defaults(struct ld_ctx *c, const struct ydom_node *defaults);

/*
 * The rest of a hitless vector @vec once its common keys and policies are
 * read: input (keys it lacks from @defaults, which may be NULL), 'expect'
 * and 'expect-by-policy', into a new struct sn_hitless that v->scn points
 * at (set, and freed with the vector, even on failure).  Sets
 * v->has_expect and v->has_policy_expect[] as the vste loader does.
 */
int ld_hitless_vector(struct ld_ctx *c, const struct ydom_node *vec,
		      const struct ydom_node *defaults, struct sn_vector *v);

#endif
