// SPDX-License-Identifier: MIT
#include <smmu-nest/number.h>

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

enum sn_num_status sn_parse_u64(const char *s, u64 *out)
{
	u64 v = 0;

	if (s[0] == '0' && s[1] == 'x') {
		if (!s[2])
			return SN_NUM_BAD;
		for (s += 2; *s; s++) {
			int d = hex_digit(*s);

			if (d < 0)
				return SN_NUM_BAD;
			if (v >> 60)
				return SN_NUM_TOO_WIDE;
			v = v << 4 | (u64)d;
		}
		*out = v;
		return SN_NUM_OK;
	}
	if (!s[0] || (s[0] == '0' && s[1]))
		return SN_NUM_BAD;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return SN_NUM_BAD;
		if (v > (UINT64_MAX - (u64)(*s - '0')) / 10)
			return SN_NUM_TOO_WIDE;
		v = v * 10 + (u64)(*s - '0');
	}
	*out = v;
	return SN_NUM_OK;
}
