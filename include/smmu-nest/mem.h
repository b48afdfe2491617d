/* SPDX-License-Identifier: MIT */
/*
 * Sparse physical memory of 64-bit little-endian words, allocated in 4 KB
 * pages on first write, up to a page cap.  Never-written memory reads as
 * zero.  Ranges can be marked to return an external abort on access.
 */
#ifndef SMMU_NEST_MEM_H
#define SMMU_NEST_MEM_H

#include <smmu-nest/bits.h>

#define SN_MEM_PAGE_SHIFT 12
#define SN_MEM_DEFAULT_MAX_PAGES 65536u   /* 256 MiB of populated memory */
#define SN_MEM_MAX_ABORTS 64u

struct sn_mem;

/* NULL on allocation failure. */
struct sn_mem *sn_mem_new(unsigned max_pages);
void sn_mem_free(struct sn_mem *m);

/* 0; -1 if @pa is not 8-byte aligned or a new page would pass the cap. */
int sn_mem_write64(struct sn_mem *m, u64 pa, u64 value);
/* The word at @pa (8-byte aligned; low bits ignored). */
u64 sn_mem_read64(const struct sn_mem *m, u64 pa);

/* Accesses to [@pa, @pa + @size) abort.  -1 if the table is full or size 0. */
int sn_mem_add_abort(struct sn_mem *m, u64 pa, u64 size);
bool sn_mem_aborts(const struct sn_mem *m, u64 pa);

unsigned sn_mem_pages(const struct sn_mem *m);

/*
 * Every non-zero word, in ascending address order, through @fn; stops at
 * the first non-zero return of @fn and returns it (0 when all were seen).
 * For copying the memory into another implementation (dut.h).
 */
int sn_mem_foreach_word(const struct sn_mem *m, int (*fn)(void *ctx, u64 pa, u64 value),
			void *ctx);
/* A copy of @m: its words, cap and abort ranges.  NULL if out of memory. */
struct sn_mem *sn_mem_clone(const struct sn_mem *m);
/* The @i-th abort range, in the order added; false past the last. */
bool sn_mem_abort_range(const struct sn_mem *m, unsigned i, u64 *pa, u64 *size);
unsigned sn_mem_max_pages(const struct sn_mem *m);

#endif
