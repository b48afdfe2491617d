/* SPDX-License-Identifier: MIT */
/*
 * What every fuzz harness shares: the libFuzzer entry point, a reader that
 * turns the input bytes into choices, and the one way a harness fails.
 *
 * Every harness is a libFuzzer-style LLVMFuzzerTestOneInput(), so the same
 * file runs under AFL++ (libAFLDriver, persistent mode), libFuzzer,
 * OSS-Fuzz/ClusterFuzzLite and the plain replay driver fuzz/standalone.c.
 * A harness keeps no state between calls: it allocates what it needs,
 * frees all of it, and depends on nothing but the input.
 *
 * The reader never fails: once the input is used up every read returns
 * zero, and zero is always the plain, common choice (the first option of
 * a pick, "no" for a rare event).  So any input is valid, a short input
 * means a small case, and a mutation changes one decision at a time.
 */
#ifndef SMMU_NEST_FUZZ_H
#define SMMU_NEST_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <smmu-nest/bits.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A harness found a bug: say which invariant broke, on one line that
 * starts with "smmu-nest fuzz <harness>: ", then abort() so every engine
 * records the input as a crash.
 */
#define FUZZ_FAIL(harness, ...) do { \
	fprintf(stderr, "smmu-nest fuzz " harness ": " __VA_ARGS__); \
	fputc('\n', stderr); \
	fflush(stderr); \
	abort(); \
} while (0)

struct fz {
	const uint8_t *p;
	size_t n, i;
};

static inline void fz_init(struct fz *f, const uint8_t *data, size_t size)
{
	f->p = data;
	f->n = size;
	f->i = 0;
}

static inline bool fz_empty(const struct fz *f)
{
	return f->i >= f->n;
}

static inline u8 fz_u8(struct fz *f)
{
	return f->i < f->n ? f->p[f->i++] : 0;
}

/* @bytes (1..8) little-endian bytes. */
static inline u64 fz_bytes(struct fz *f, unsigned bytes)
{
	u64 v = 0;

	for (unsigned k = 0; k < bytes; k++)
		v |= (u64)fz_u8(f) << (8 * k);
	return v;
}

static inline u16 fz_u16(struct fz *f) { return (u16)fz_bytes(f, 2); }
static inline u32 fz_u32(struct fz *f) { return (u32)fz_bytes(f, 4); }
static inline u64 fz_u64(struct fz *f) { return fz_bytes(f, 8); }

/* In [0, n): as few bytes as n needs; 0 when the input is used up. */
static inline u64 fz_below(struct fz *f, u64 n)
{
	unsigned bytes = 1;

	if (n <= 1)
		return 0;
	while (bytes < 8 && (n - 1) >> (8 * bytes))
		bytes++;
	return fz_bytes(f, bytes) % n;
}

static inline bool fz_bool(struct fz *f)
{
	return fz_u8(f) & 1;
}

/* A rare event, about @percent in a hundred of random bytes; never on 0. */
static inline bool fz_chance(struct fz *f, unsigned percent)
{
	return fz_u8(f) >= 256 - (percent * 256 + 99) / 100;
}

/* One of @n table entries. */
#define FZ_PICK(f, table) ((table)[fz_below((f), sizeof(table) / sizeof((table)[0]))])

#define FZ_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
