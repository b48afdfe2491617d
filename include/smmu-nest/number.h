/* SPDX-License-Identifier: MIT */
/*
 * Numbers as users write them, in vector files and on the command line
 * alike (vectors/SCHEMA.md "Numbers"): decimal (no leading zeros, which
 * YAML 1.1 readers take as octal) or hex with a lower-case 0x prefix.
 */
#ifndef SMMU_NEST_NUMBER_H
#define SMMU_NEST_NUMBER_H

#include <smmu-nest/bits.h>

enum sn_num_status { SN_NUM_OK, SN_NUM_BAD, SN_NUM_TOO_WIDE };

/* Parse all of @s; @out is written only on SN_NUM_OK. */
enum sn_num_status sn_parse_u64(const char *s, u64 *out);

#endif
