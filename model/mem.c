// SPDX-License-Identifier: MIT
/*
 * Sparse memory: pages kept in an array sorted by page number, found by
 * binary search.  A vector can only grow it up to the cap given at creation;
 * past that, a write fails instead of allocating.
 */
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/mem.h>

#define WORDS_PER_PAGE (1u << (SN_MEM_PAGE_SHIFT - 3))

struct page {
	u64 pfn;
	u64 *words;
};

struct abort_range {
	u64 base, size;
};

struct sn_mem {
	struct page *pages;     /* sorted by pfn */
	unsigned n_pages, cap_pages, max_pages;
	struct abort_range aborts[SN_MEM_MAX_ABORTS];
	unsigned n_aborts;
};

struct sn_mem *sn_mem_new(unsigned max_pages)
{
	struct sn_mem *m = calloc(1, sizeof(*m));

	if (m)   /* LCOV_EXCL_BR_LINE: calloc fails only when the host is out of memory */
		m->max_pages = max_pages;
	return m;
}

void sn_mem_free(struct sn_mem *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->n_pages; i++)
		free(m->pages[i].words);
	free(m->pages);
	free(m);
}

/* Index of the first page whose pfn is >= @pfn. */
static unsigned lower_bound(const struct sn_mem *m, u64 pfn)
{
	unsigned lo = 0, hi = m->n_pages;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (m->pages[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct page *find_page(const struct sn_mem *m, u64 pfn)
{
	unsigned i = lower_bound(m, pfn);

	return i < m->n_pages && m->pages[i].pfn == pfn ? &m->pages[i] : NULL;
}

static u64 *page_for_write(struct sn_mem *m, u64 pfn)
{
	unsigned i = lower_bound(m, pfn);
	u64 *words;

	if (i < m->n_pages && m->pages[i].pfn == pfn)
		return m->pages[i].words;
	if (m->n_pages >= m->max_pages)
		return NULL;
	if (m->n_pages == m->cap_pages) {
		unsigned cap = m->cap_pages ? m->cap_pages * 2 : 16;
		struct page *p = realloc(m->pages, cap * sizeof(*p));

		/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
		if (!p)
			return NULL;
		/* LCOV_EXCL_STOP */
		m->pages = p;
		m->cap_pages = cap;
	}
	words = calloc(WORDS_PER_PAGE, sizeof(*words));
	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!words)
		return NULL;
	/* LCOV_EXCL_STOP */
	memmove(&m->pages[i + 1], &m->pages[i], (m->n_pages - i) * sizeof(*m->pages));
	m->pages[i] = (struct page){ .pfn = pfn, .words = words };
	m->n_pages++;
	return words;
}

int sn_mem_write64(struct sn_mem *m, u64 pa, u64 value)
{
	u64 *words;

	if (pa & 7)
		return -1;
	words = page_for_write(m, pa >> SN_MEM_PAGE_SHIFT);
	if (!words)
		return -1;
	words[(pa >> 3) & (WORDS_PER_PAGE - 1)] = value;
	return 0;
}

u64 sn_mem_read64(const struct sn_mem *m, u64 pa)
{
	const struct page *p = find_page(m, pa >> SN_MEM_PAGE_SHIFT);

	return p ? p->words[(pa >> 3) & (WORDS_PER_PAGE - 1)] : 0;
}

int sn_mem_add_abort(struct sn_mem *m, u64 pa, u64 size)
{
	if (size == 0 || m->n_aborts == SN_MEM_MAX_ABORTS)
		return -1;
	m->aborts[m->n_aborts++] = (struct abort_range){ pa, size };
	return 0;
}

bool sn_mem_aborts(const struct sn_mem *m, u64 pa)
{
	for (unsigned i = 0; i < m->n_aborts; i++)
		if (pa - m->aborts[i].base < m->aborts[i].size)
			return true;
	return false;
}

int sn_mem_foreach_word(const struct sn_mem *m, int (*fn)(void *ctx, u64 pa, u64 value),
			void *ctx)
{
	for (unsigned i = 0; i < m->n_pages; i++) {
		const struct page *p = &m->pages[i];

		for (unsigned w = 0; w < WORDS_PER_PAGE; w++) {
			int rc;

			if (!p->words[w])
				continue;
			rc = fn(ctx, (p->pfn << SN_MEM_PAGE_SHIFT) | ((u64)w << 3), p->words[w]);
			if (rc)
				return rc;
		}
	}
	return 0;
}

struct sn_mem *sn_mem_clone(const struct sn_mem *m)
{
	struct sn_mem *c = sn_mem_new(m->max_pages);

	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!c)
		return NULL;
	/* LCOV_EXCL_STOP */
	c->pages = malloc((m->n_pages ? m->n_pages : 1) * sizeof(*c->pages));
	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!c->pages) {
		free(c);
		return NULL;
	}
	/* LCOV_EXCL_STOP */
	c->cap_pages = m->n_pages ? m->n_pages : 1;
	for (unsigned i = 0; i < m->n_pages; i++) {
		u64 *words = malloc(WORDS_PER_PAGE * sizeof(*words));

		/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
		if (!words) {
			sn_mem_free(c);
			return NULL;
		}
		/* LCOV_EXCL_STOP */
		memcpy(words, m->pages[i].words, WORDS_PER_PAGE * sizeof(*words));
		c->pages[c->n_pages++] = (struct page){ .pfn = m->pages[i].pfn, .words = words };
	}
	memcpy(c->aborts, m->aborts, sizeof(c->aborts));
	c->n_aborts = m->n_aborts;
	return c;
}

bool sn_mem_abort_range(const struct sn_mem *m, unsigned i, u64 *pa, u64 *size)
{
	if (i >= m->n_aborts)
		return false;
	*pa = m->aborts[i].base;
	*size = m->aborts[i].size;
	return true;
}

unsigned sn_mem_pages(const struct sn_mem *m)
{
	return m->n_pages;
}

unsigned sn_mem_max_pages(const struct sn_mem *m)
{
	return m->max_pages;
}
