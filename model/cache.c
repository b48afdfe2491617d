// SPDX-License-Identifier: MIT
/*
 * Bookkeeping of one cached translation: which entries served it and which
 * words of memory each new entry was built from (cache.h).
 */
#include <string.h>

#include <smmu-nest/cache.h>

void sn_cache_begin(struct sn_cache *c)
{
	c->n_used = 0;
	c->used_overflow = false;
	c->n_inh = 0;
}

struct sn_cache_mark sn_cache_mark(const struct smmu *s)
{
	return (struct sn_cache_mark){ s->log.n, s->cache ? s->cache->n_inh : 0 };
}

void sn_cache_use(struct smmu *s, const struct tlb_entry *e)
{
	struct sn_cache *c = s->cache;

	if (c->n_used < SN_CACHE_USED_MAX)
		c->used[c->n_used++] = *e;
	else
		c->used_overflow = true;
	for (unsigned i = 0; i < e->n_src && c->n_inh < SN_CACHE_INH_MAX; i++)
		c->inh[c->n_inh++] = e->src[i];
}

static void add_src(struct tlb_entry *e, u64 pa, u64 value)
{
	for (unsigned i = 0; i < e->n_src; i++)
		if (e->src[i].pa == pa)
			return;         /* the first read of a word is the one that counted */
	if (e->n_src < TLB_SRC_MAX)
		e->src[e->n_src++] = (struct tlb_src){ pa, value };
	else
		e->src_truncated = true;
}

void sn_cache_fill(struct smmu *s, struct tlb_entry *e, struct sn_cache_mark m)
{
	struct sn_cache *c = s->cache;

	e->origin = c->origin;
	e->n_src = 0;
	e->src_truncated = false;
	for (unsigned i = m.inh; i < c->n_inh; i++)
		add_src(e, c->inh[i].pa, c->inh[i].value);
	for (unsigned i = m.log; i < s->log.n; i++) {
		const struct sn_access *a = &s->log.a[i];

		if (a->what != SN_ACC_DATA && !a->aborted)
			add_src(e, a->pa, a->value);
	}
	if (s->log.overflow)
		e->src_truncated = true;
	tlb_insert(c->tlb, e);
}
