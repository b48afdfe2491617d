/* SPDX-License-Identifier: MIT */
/* Table-driven decode/encode shared by the STE and CD field layers. */
#ifndef SMMU_NEST_FIELDTAB_H
#define SMMU_NEST_FIELDTAB_H

#include <stddef.h>
#include <smmu-nest/ste.h>

void sn_fields_decode(const struct sn_field_desc *t, unsigned n,
		      const u64 *words, void *out);
void sn_fields_encode(const struct sn_field_desc *t, unsigned n,
		      const void *in, u64 *words, unsigned nwords);
bool sn_fields_lookup(const struct sn_field_desc *t, unsigned n,
		      const char *name, const struct sn_field_desc **out);

#endif
