/* SPDX-License-Identifier: MIT */
/*
 * The caches as the translating SMMU sees them: a struct tlb (tlb.h) plus
 * the bookkeeping of one translation.  Attach one to a struct smmu
 * (smmu->cache) and smmu_translate() consults it before every fetch and
 * walk step and fills it after; with smmu->cache == NULL the model walks
 * memory every time, exactly as before.
 *
 * What is looked up, and where (vectors/SCHEMA.md "The caches"):
 *   STE by StreamID, then L1STD (2-level tables)         model/smmu.c, strtab.c
 *   CD by StreamID and SubstreamID, then L1CD            model/smmu.c, cd_fetch.c
 *   leaf: combined (nested) or stage-1-only by VA        model/walk.c
 *   stage-1 walk cache per level                         model/walk.c
 *   stage-2 leaf by IPA, then stage-2 walk cache         model/walk.c
 * Each entry records the words of memory it was built from (tlb_entry.src):
 * the reads of its own fetch or walk plus the sources of every entry that
 * walk used, so that the oracle can tell which entry is out of date.
 */
#ifndef SMMU_NEST_CACHE_H
#define SMMU_NEST_CACHE_H

#include <smmu-nest/smmu.h>
#include <smmu-nest/tlb.h>

#define SN_CACHE_USED_MAX 16
#define SN_CACHE_INH_MAX 256

struct sn_cache {
	struct tlb *tlb;                /* borrowed */
	u64 origin;                     /* the caller's number for this translation */
	/* Tags of the current transaction, set by the front end */
	enum tlb_strw strw;
	u16 vmid;
	u32 sid;
	/* The entries this translation was served from, in order of use (copies) */
	struct tlb_entry used[SN_CACHE_USED_MAX];
	unsigned n_used;
	bool used_overflow;
	/* The sources inherited from used entries */
	struct tlb_src inh[SN_CACHE_INH_MAX];
	unsigned n_inh;
};

/* A point in one translation: entries filled later take their sources from here on. */
struct sn_cache_mark {
	unsigned log, inh;
};

/* Start one translation: forget the previous one's bookkeeping. */
void sn_cache_begin(struct sn_cache *c);
struct sn_cache_mark sn_cache_mark(const struct smmu *s);
/* Record that @e served part of this translation (a copy is kept). */
void sn_cache_use(struct smmu *s, const struct tlb_entry *e);
/*
 * Insert @e, built from what was read since @m (descriptor and structure
 * reads of the access log, and the sources inherited from entries used
 * since @m).  Sets e->origin and e->src.
 */
void sn_cache_fill(struct smmu *s, struct tlb_entry *e, struct sn_cache_mark m);

#endif
