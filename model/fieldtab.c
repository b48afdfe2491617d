// SPDX-License-Identifier: MIT
#include <string.h>
#include <strings.h>

#include "fieldtab.h"

static u64 *member(void *base, unsigned offset)
{
	return (u64 *)((char *)base + offset);
}

void sn_fields_decode(const struct sn_field_desc *t, unsigned n,
		      const u64 *words, void *out)
{
	for (unsigned i = 0; i < n; i++)
		*member(out, t[i].offset) = sn_field_get(t[i].mask, words[t[i].dw]);
}

void sn_fields_encode(const struct sn_field_desc *t, unsigned n,
		      const void *in, u64 *words, unsigned nwords)
{
	memset(words, 0, nwords * sizeof(*words));
	for (unsigned i = 0; i < n; i++) {
		u64 v = *member((void *)in, t[i].offset);
		words[t[i].dw] |= sn_field_prep(t[i].mask, v);
	}
}

bool sn_fields_lookup(const struct sn_field_desc *t, unsigned n,
		      const char *name, const struct sn_field_desc **out)
{
	for (unsigned i = 0; i < n; i++) {
		if (strcasecmp(t[i].name, name) == 0) {
			*out = &t[i];
			return true;
		}
	}
	return false;
}
