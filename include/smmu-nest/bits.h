/* SPDX-License-Identifier: MIT */
/*
 * Bit-field helpers over little-endian 64-bit structure words.
 *
 * Every SMMU structure (STE, CD, L1 descriptors, commands, events) is an
 * array of 64-bit doublewords.  A field is named by one contiguous mask in
 * one doubleword; sn_field_get()/sn_field_prep() move a value in and out of
 * it, in the manner of the kernel's FIELD_GET()/FIELD_PREP().  No compiler
 * bitfields are used anywhere, so layouts never depend on the ABI.
 */
#ifndef SMMU_NEST_BITS_H
#define SMMU_NEST_BITS_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
typedef int8_t s8;

/* Bits h..l inclusive, h >= l, both 0..63. */
#define SN_GENMASK(h, l) ((~0ULL >> (63 - (h))) & (~0ULL << (l)))
#define SN_BIT(n) (1ULL << (n))

static inline unsigned sn_mask_shift(u64 mask)
{
	return mask ? (unsigned)__builtin_ctzll(mask) : 0;
}

/* Value of the field @mask in word @w, shifted down to bit 0. */
static inline u64 sn_field_get(u64 mask, u64 w)
{
	return (w & mask) >> sn_mask_shift(mask);
}

/* Word holding @v in field @mask; bits of @v that do not fit are dropped. */
static inline u64 sn_field_prep(u64 mask, u64 v)
{
	return (v << sn_mask_shift(mask)) & mask;
}

/* @w with field @mask replaced by @v. */
static inline u64 sn_field_set(u64 mask, u64 w, u64 v)
{
	return (w & ~mask) | sn_field_prep(mask, v);
}

/* Does @v fit in field @mask without truncation? */
static inline bool sn_field_fits(u64 mask, u64 v)
{
	u64 width_mask = mask >> sn_mask_shift(mask);
	return (v & ~width_mask) == 0;
}

#endif
