// SPDX-License-Identifier: MIT
/*
 * Output-format validators (grammar.h), each written from its format's
 * specification and sharing nothing with the writers in src/report.c:
 *
 *   TAP 13   https://testanything.org/tap-version-13-specification.html
 *   KTAP 1   Documentation/dev-tools/ktap.rst in the Linux kernel
 *   JSON     RFC 8259, with UTF-8 as RFC 3629 §4 defines it
 *   XML      XML 1.0 (fifth edition) §2, the productions a JUnit report
 *            needs: XMLDecl, Misc, element, Attribute, CharData,
 *            Reference, Comment, PI and CDSect
 *
 * Where a specification leaves room ("should"), the validators take the
 * strict reading, since what they check is our own output: a blank or
 * unknown line is an error in TAP and KTAP, every KTAP level needs a plan,
 * and a JSON object may not repeat a member name.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"

#define JSON_MAX_DEPTH 256
#define XML_MAX_DEPTH 256
#define XML_MAX_ATTRS 64
#define KTAP_MAX_DEPTH 32

__attribute__((format(printf, 3, 4)))
static bool fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* ---- lines (TAP, KTAP) ------------------------------------------------- */

struct line {
	const char *s;
	size_t len;
};

struct lines {
	struct line *v;
	size_t n;
};

/*
 * Split @text at '\n'.  Both formats are line-based text that ends with a
 * newline; a missing final newline or a CR is reported as an error.
 */
static bool split_lines(const char *text, struct lines *ls, char *why, size_t n)
{
	size_t cap = 0;

	ls->v = NULL;
	ls->n = 0;
	if (!*text)
		return fail(why, n, "empty output");
	while (*text) {
		const char *nl = strchr(text, '\n');
		const char *cr;

		if (!nl)
			return fail(why, n, "line %zu: no newline at the end", ls->n + 1);
		cr = memchr(text, '\r', (size_t)(nl - text));
		if (cr)
			return fail(why, n, "line %zu: carriage return", ls->n + 1);
		if (ls->n == cap) {
			struct line *v;

			cap = cap ? cap * 2 : 64;
			v = realloc(ls->v, cap * sizeof(*v));
			if (!v)
				return fail(why, n, "out of memory");
			ls->v = v;
		}
		ls->v[ls->n].s = text;
		ls->v[ls->n].len = (size_t)(nl - text);
		ls->n++;
		text = nl + 1;
	}
	return true;
}

static bool line_is(const struct line *l, const char *s)
{
	return l->len == strlen(s) && memcmp(l->s, s, l->len) == 0;
}

static bool line_starts(const struct line *l, const char *s)
{
	return l->len >= strlen(s) && memcmp(l->s, s, strlen(s)) == 0;
}

/*
 * A decimal test number or plan count at @s (within @len): no sign, no
 * leading zero.  Returns the digits it took, 0 if none; *@val saturates.
 */
static size_t number_at(const char *s, size_t len, unsigned long *val)
{
	size_t i = 0;

	*val = 0;
	while (i < len && is_digit(s[i])) {
		if (i == 1 && s[0] == '0')
			return 0;
		if (*val < 100000000ul)
			*val = *val * 10 + (unsigned long)(s[i] - '0');
		i++;
	}
	return i;
}

/* "1..N", optionally followed by " # comment" (TAP's skip-all plan). */
static bool plan_line(const struct line *l, unsigned long *count)
{
	size_t k;

	if (!line_starts(l, "1.."))
		return false;
	k = number_at(l->s + 3, l->len - 3, count);
	if (k == 0)
		return false;
	k += 3;
	return k == l->len || (l->len - k >= 2 && l->s[k] == ' ' && l->s[k + 1] == '#');
}

/*
 * "ok N ..." or "not ok N ...": 1 with the number in *@num for a result
 * line, 0 for a line that is no result line, -1 (*@err says why) for a
 * malformed one.  In @tap mode "\#" does not end the description (TAP
 * lets a description escape its '#'); in KTAP a description cannot hold
 * '#' at all, so the first '#' must be the directive's, after a space.
 */
static int result_line(const struct line *l, bool tap, unsigned long *num, const char **err)
{
	size_t k, i;

	if (line_starts(l, "ok "))
		k = 3;
	else if (line_starts(l, "not ok "))
		k = 7;
	else if (line_is(l, "ok") || line_is(l, "not ok"))
		return *err = "result without a test number", -1;
	else
		return 0;
	i = number_at(l->s + k, l->len - k, num);
	if (i == 0)
		return *err = "result without a test number", -1;
	k += i;
	if (k == l->len)
		return 1;
	if (l->s[k] != ' ')
		return *err = "no space after the test number", -1;
	for (; k < l->len; k++) {
		if (tap && l->s[k] == '\\' && k + 1 < l->len) {
			k++;
			continue;
		}
		if (l->s[k] == '#') {
			if (l->s[k - 1] != ' ')
				return *err = "'#' inside the description", -1;
			break;
		}
	}
	return 1;
}

/* ---- TAP 13 ------------------------------------------------------------ */

static bool yaml_plain_ok(const char *s, size_t len)
{
	static const char indicators[] = "\"'{}[]&*!|>%@`,#";

	if (len && strchr(indicators, s[0]))
		return false;
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] == ':' && s[i + 1] == ' ')
			return false;
		if (s[i] == ' ' && s[i + 1] == '#')
			return false;
	}
	return len == 0 || (s[len - 1] != ':' && s[len - 1] != ' ');
}

/* A YAML double-quoted scalar that makes up all of @s..@len. */
static bool yaml_quoted_ok(const char *s, size_t len)
{
	size_t i = 1;

	while (i < len && s[i] != '"') {
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return false;
		if (s[i] == '\\') {
			if (i + 1 >= len)
				return false;
			i++;
		}
		i++;
	}
	return i == len - 1;
}

/*
 * One line inside a YAML block: a mapping entry "key: value" or "key:",
 * possibly behind sequence dashes, or a bare sequence item.  The values our
 * reports write are plain scalars without ": " or " #", or double-quoted
 * scalars that end the line; anything else here is reported as an error.
 */
static bool yaml_line_ok(const char *s, size_t len)
{
	size_t k = 0, key;

	while (k + 1 < len && s[k] == '-' && s[k + 1] == ' ')
		k += 2;
	if (k < len && s[k] == '"')
		return yaml_quoted_ok(s + k, len - k);
	key = k;
	while (k < len && (s[k] == '_' || s[k] == '-' || s[k] == '.' ||
			   (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
			   is_digit(s[k])))
		k++;
	if (k == key || k == len || s[k] != ':')
		return yaml_plain_ok(s + key, len - key) && len > key;
	k++;
	if (k == len)
		return true;
	if (s[k] != ' ' || k + 1 == len)
		return false;
	k++;
	if (s[k] == '"')
		return yaml_quoted_ok(s + k, len - k);
	return yaml_plain_ok(s + k, len - k);
}

struct tap_state {
	unsigned long tests, plan;
	bool planned, plan_first, after_test, in_yaml;
	size_t yaml_indent;
};

static bool tap_yaml(struct tap_state *t, const struct line *l, size_t no, char *why, size_t n)
{
	size_t ind = 0;

	while (ind < l->len && l->s[ind] == ' ')
		ind++;
	if (ind == t->yaml_indent && l->len == ind + 3 && memcmp(l->s + ind, "...", 3) == 0) {
		t->in_yaml = false;
		t->after_test = false;
		return true;
	}
	if (ind < l->len && l->s[ind] == '\t')
		return fail(why, n, "line %zu: tab in YAML indentation", no);
	if (ind < t->yaml_indent || ind == l->len)
		return fail(why, n, "line %zu: YAML block line not indented by %zu", no,
			    t->yaml_indent);
	if (!yaml_line_ok(l->s + ind, l->len - ind))
		return fail(why, n, "line %zu: not a YAML line this validator knows: %.*s", no,
			    (int)l->len, l->s);
	return true;
}

static bool tap_line(struct tap_state *t, const struct line *l, size_t no, size_t last,
		     char *why, size_t n)
{
	unsigned long v;
	const char *err = "";
	size_t ind = 0;
	int res;

	if (t->in_yaml)
		return tap_yaml(t, l, no, why, n);
	if (l->len && l->s[0] == '#') {
		t->after_test = false;
		return true;
	}
	if (plan_line(l, &v)) {
		if (t->planned)
			return fail(why, n, "line %zu: a second plan", no);
		if (no == 2) {
			t->plan_first = true;
		} else if (no != last) {
			return fail(why, n, "line %zu: the plan is neither first nor last", no);
		}
		t->planned = true;
		t->plan = v;
		t->after_test = false;
		return true;
	}
	res = result_line(l, true, &v, &err);
	if (res > 0) {
		if (v != t->tests + 1)
			return fail(why, n, "line %zu: test %lu where %lu was due", no, v,
				    t->tests + 1);
		t->tests++;
		t->after_test = true;
		return true;
	}
	if (res < 0)
		return fail(why, n, "line %zu: %s", no, err);
	while (ind < l->len && l->s[ind] == ' ')
		ind++;
	if (ind > 0 && l->len == ind + 3 && memcmp(l->s + ind, "---", 3) == 0) {
		if (!t->after_test)
			return fail(why, n, "line %zu: YAML block not right after a test line", no);
		t->in_yaml = true;
		t->yaml_indent = ind;
		return true;
	}
	return fail(why, n, "line %zu: not a TAP line: '%.*s'", no, (int)l->len, l->s);
}

bool grammar_tap(const char *text, char *why, size_t n)
{
	struct tap_state t = { 0 };
	struct lines ls;
	bool ok = true;

	if (!split_lines(text, &ls, why, n)) {
		free(ls.v);
		return false;
	}
	if (!line_is(&ls.v[0], "TAP version 13")) {
		free(ls.v);
		return fail(why, n, "line 1: not 'TAP version 13'");
	}
	for (size_t i = 1; i < ls.n && ok; i++) {
		if (!t.in_yaml && line_starts(&ls.v[i], "Bail out!")) {
			free(ls.v);
			return true;    /* the producer gave up: nothing more is due */
		}
		ok = tap_line(&t, &ls.v[i], i + 1, ls.n, why, n);
	}
	free(ls.v);
	if (!ok)
		return false;
	if (t.in_yaml)
		return fail(why, n, "YAML block not closed with '...'");
	if (!t.planned)
		return fail(why, n, "no plan");
	if (t.plan != t.tests)
		return fail(why, n, "plan 1..%lu but %lu tests", t.plan, t.tests);
	return true;
}

/* ---- KTAP 1 ------------------------------------------------------------ */

struct ktap {
	const struct lines *ls;
	size_t i;
	char *why;
	size_t n;
};

static size_t indent_of(const struct line *l)
{
	size_t k = 0;

	while (k < l->len && l->s[k] == ' ')
		k++;
	return k;
}

/* @l without its first @ind bytes. */
static struct line body(const struct line *l, size_t ind)
{
	struct line b = { l->s + ind, l->len - ind };

	return b;
}

/*
 * One level: its version line and plan at indentation @ind, then results,
 * diagnostics and deeper-indented subtests, until a line indented less.
 * Each subtest must be followed by a result at this level (its own), and
 * the results number 1..plan.
 */
static bool ktap_level(struct ktap *k, size_t ind, unsigned depth)
{
	unsigned long plan, count = 0, v;
	const char *err = "";
	bool pending = false;
	struct line b;
	int res;

	if (depth > KTAP_MAX_DEPTH)
		return fail(k->why, k->n, "line %zu: subtests nested too deep", k->i + 1);
	b = body(&k->ls->v[k->i], ind);
	if (!line_is(&b, "KTAP version 1"))
		return fail(k->why, k->n, "line %zu: not 'KTAP version 1'", k->i + 1);
	if (++k->i == k->ls->n)
		return fail(k->why, k->n, "line %zu: no plan after the version line", k->i);
	b = body(&k->ls->v[k->i], ind);
	if (indent_of(&k->ls->v[k->i]) != ind || !plan_line(&b, &plan) ||
	    memchr(b.s, '#', b.len))
		return fail(k->why, k->n, "line %zu: no plan after the version line", k->i + 1);
	k->i++;
	while (k->i < k->ls->n) {
		const struct line *l = &k->ls->v[k->i];
		size_t li = indent_of(l);

		if (li < l->len && l->s[li] == '\t')
			return fail(k->why, k->n, "line %zu: tab in the indentation", k->i + 1);
		if (li < ind)
			break;
		b = body(l, li);
		if (li > ind) {
			if (!line_is(&b, "KTAP version 1"))
				return fail(k->why, k->n,
					    "line %zu: indented line outside a subtest", k->i + 1);
			if (pending)
				return fail(k->why, k->n,
					    "line %zu: subtest with no result before it", k->i + 1);
			if (!ktap_level(k, li, depth + 1))
				return false;
			pending = true;
			continue;
		}
		res = b.len && b.s[0] == '#' ? 0 : result_line(&b, false, &v, &err);
		if (b.len && b.s[0] == '#') {
			if (b.len > 1 && b.s[1] != ' ')
				return fail(k->why, k->n, "line %zu: no space after '#'", k->i + 1);
		} else if (res > 0) {
			if (v != count + 1)
				return fail(k->why, k->n, "line %zu: test %lu where %lu was due",
					    k->i + 1, v, count + 1);
			count++;
			pending = false;
		} else if (res < 0) {
			return fail(k->why, k->n, "line %zu: %s", k->i + 1, err);
		} else {
			return fail(k->why, k->n, "line %zu: not a KTAP line: '%.*s'", k->i + 1,
				    (int)l->len, l->s);
		}
		k->i++;
	}
	if (pending)
		return fail(k->why, k->n, "line %zu: a subtest without its result", k->i);
	if (count != plan)
		return fail(k->why, k->n, "plan 1..%lu but %lu results (level ending at line %zu)",
			    plan, count, k->i);
	return true;
}

bool grammar_ktap(const char *text, char *why, size_t n)
{
	struct lines ls;
	struct ktap k = { &ls, 0, why, n };
	bool ok;

	if (!split_lines(text, &ls, why, n)) {
		free(ls.v);
		return false;
	}
	if (indent_of(&ls.v[0]) != 0) {
		free(ls.v);
		return fail(why, n, "line 1: indented");
	}
	ok = ktap_level(&k, 0, 0);
	free(ls.v);
	return ok;
}

/* ---- JSON (RFC 8259) --------------------------------------------------- */

struct json {
	const unsigned char *start, *p;
	char *why;
	size_t n;
	unsigned depth;
};

/* A member name, decoded, to find repeats. */
struct jkey {
	char *s;
	size_t len;
};

static bool jfail(struct json *j, const char *what)
{
	size_t line = 1, col = 1;

	for (const unsigned char *q = j->start; q < j->p; q++, col++)
		if (*q == '\n')
			line++, col = 0;
	return fail(j->why, j->n, "%zu:%zu: %s", line, col, what);
}

static void jws(struct json *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static bool in(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

/*
 * RFC 3629 §4: the bytes of one multi-byte UTF-8 character at @s, or 0
 * when they are not one.  Written as the RFC's ABNF, range by range.
 */
static size_t utf8_char(const unsigned char *s)
{
	const unsigned char c = s[0];

	if (in(c, 0xc2, 0xdf))
		return in(s[1], 0x80, 0xbf) ? 2 : 0;
	if (c == 0xe0)
		return in(s[1], 0xa0, 0xbf) && in(s[2], 0x80, 0xbf) ? 3 : 0;
	if (in(c, 0xe1, 0xec) || in(c, 0xee, 0xef))
		return in(s[1], 0x80, 0xbf) && in(s[2], 0x80, 0xbf) ? 3 : 0;
	if (c == 0xed)
		return in(s[1], 0x80, 0x9f) && in(s[2], 0x80, 0xbf) ? 3 : 0;
	if (c == 0xf0)
		return in(s[1], 0x90, 0xbf) && in(s[2], 0x80, 0xbf) && in(s[3], 0x80, 0xbf) ? 4 : 0;
	if (in(c, 0xf1, 0xf3))
		return in(s[1], 0x80, 0xbf) && in(s[2], 0x80, 0xbf) && in(s[3], 0x80, 0xbf) ? 4 : 0;
	if (c == 0xf4)
		return in(s[1], 0x80, 0x8f) && in(s[2], 0x80, 0xbf) && in(s[3], 0x80, 0xbf) ? 4 : 0;
	return 0;
}

static int hexval(unsigned char c)
{
	if (is_digit(c))
		return c - '0';
	if (in(c, 'a', 'f'))
		return c - 'a' + 10;
	if (in(c, 'A', 'F'))
		return c - 'A' + 10;
	return -1;
}

/* Append the UTF-8 form of @cp (a lone surrogate too) to @k, if @k. */
static bool key_put(struct jkey *k, unsigned long cp, size_t *cap)
{
	unsigned char b[4];
	size_t n;

	if (!k)
		return true;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (k->len + n > *cap) {
		char *s = realloc(k->s, *cap * 2 + n);

		if (!s)
			return false;
		k->s = s;
		*cap = *cap * 2 + n;
	}
	memcpy(k->s + k->len, b, n);
	k->len += n;
	return true;
}

static bool json_u4(struct json *j, unsigned long *cp)
{
	*cp = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(j->p[i]);

		if (h < 0)
			return jfail(j, "\\u needs four hex digits");
		*cp = *cp << 4 | (unsigned long)h;
	}
	j->p += 4;
	return true;
}

/* A string at j->p (on its '"'); decoded into @key when @key is not NULL. */
static bool json_string(struct json *j, struct jkey *key)
{
	size_t cap = 0;
	unsigned long cp;

	j->p++;
	for (;;) {
		unsigned char c = *j->p;

		if (c == '"') {
			j->p++;
			return true;
		}
		if (c == '\0')
			return jfail(j, "string not closed");
		if (c < 0x20)
			return jfail(j, "control character in a string");
		if (c == '\\') {
			static const char esc[] = "\"\\/bfnrt";
			static const char val[] = "\"\\/\b\f\n\r\t";
			const char *e;

			c = *++j->p;
			if (c == 'u') {
				j->p++;
				if (!json_u4(j, &cp))
					return false;
				/* a high surrogate and a low one escaped next make one character */
				if (cp >= 0xd800 && cp <= 0xdbff && j->p[0] == '\\' && j->p[1] == 'u') {
					const unsigned char *save = j->p;
					unsigned long lo;

					j->p += 2;
					if (!json_u4(j, &lo))
						return false;
					if (lo >= 0xdc00 && lo <= 0xdfff)
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					else
						j->p = save;
				}
			} else if (c && (e = strchr(esc, c))) {
				cp = (unsigned char)val[e - esc];
				j->p++;
			} else {
				return jfail(j, "unknown escape");
			}
			if (!key_put(key, cp, &cap))
				return jfail(j, "out of memory");
			continue;
		}
		if (c < 0x80) {
			if (!key_put(key, c, &cap))
				return jfail(j, "out of memory");
			j->p++;
			continue;
		}
		{
			size_t len = utf8_char(j->p);

			if (!len)
				return jfail(j, "invalid UTF-8 in a string");
			for (size_t i = 0; i < len && key; i++) {
				if (key->len + 1 > cap) {
					char *s = realloc(key->s, cap * 2 + 4);

					if (!s)
						return jfail(j, "out of memory");
					key->s = s;
					cap = cap * 2 + 4;
				}
				key->s[key->len++] = (char)j->p[i];
			}
			j->p += len;
		}
	}
}

/* number = [ minus ] int [ frac ] [ exp ] */
static bool json_number(struct json *j)
{
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0') {
		j->p++;
	} else if (in(*j->p, '1', '9')) {
		while (is_digit(*j->p))
			j->p++;
	} else {
		return jfail(j, "a number needs a digit");
	}
	if (*j->p == '.') {
		j->p++;
		if (!is_digit(*j->p))
			return jfail(j, "a fraction needs a digit");
		while (is_digit(*j->p))
			j->p++;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!is_digit(*j->p))
			return jfail(j, "an exponent needs a digit");
		while (is_digit(*j->p))
			j->p++;
	}
	return true;
}

static bool json_value(struct json *j);

static void keys_free(struct jkey *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i].s);
	free(keys);
}

static bool json_object(struct json *j)
{
	struct jkey *keys = NULL;
	size_t n_keys = 0, cap = 0;
	bool ok = false;

	j->p++;
	jws(j);
	if (*j->p == '}') {
		j->p++;
		return true;
	}
	for (;;) {
		if (*j->p != '"') {
			jfail(j, "a member name must be a string");
			break;
		}
		if (n_keys == cap) {
			struct jkey *k = realloc(keys, (cap = cap ? cap * 2 : 8) * sizeof(*k));

			if (!k) {
				jfail(j, "out of memory");
				break;
			}
			keys = k;
		}
		keys[n_keys].s = NULL;
		keys[n_keys].len = 0;
		n_keys++;
		if (!json_string(j, &keys[n_keys - 1]))
			break;
		for (size_t i = 0; i + 1 < n_keys; i++)
			if (keys[i].len == keys[n_keys - 1].len &&
			    memcmp(keys[i].s, keys[n_keys - 1].s, keys[i].len) == 0) {
				jfail(j, "member name repeated in an object");
				goto out;
			}
		jws(j);
		if (*j->p != ':') {
			jfail(j, "':' expected after a member name");
			break;
		}
		j->p++;
		if (!json_value(j))
			break;
		jws(j);
		if (*j->p == '}') {
			j->p++;
			ok = true;
			break;
		}
		if (*j->p != ',') {
			jfail(j, "',' or '}' expected");
			break;
		}
		j->p++;
		jws(j);
	}
out:
	keys_free(keys, n_keys);
	return ok;
}

static bool json_array(struct json *j)
{
	j->p++;
	jws(j);
	if (*j->p == ']') {
		j->p++;
		return true;
	}
	for (;;) {
		if (!json_value(j))
			return false;
		jws(j);
		if (*j->p == ']') {
			j->p++;
			return true;
		}
		if (*j->p != ',')
			return jfail(j, "',' or ']' expected");
		j->p++;
	}
}

static bool json_literal(struct json *j, const char *word)
{
	size_t len = strlen(word);

	if (strncmp((const char *)j->p, word, len) != 0)
		return jfail(j, "not a JSON value");
	j->p += len;
	return true;
}

/* value, with the whitespace before it */
static bool json_value(struct json *j)
{
	bool ok;

	jws(j);
	switch (*j->p) {
	case '{':
	case '[':
		if (++j->depth > JSON_MAX_DEPTH)
			return jfail(j, "nested too deep");
		ok = *j->p == '{' ? json_object(j) : json_array(j);
		j->depth--;
		return ok;
	case '"':
		return json_string(j, NULL);
	case 't':
		return json_literal(j, "true");
	case 'f':
		return json_literal(j, "false");
	case 'n':
		return json_literal(j, "null");
	case '\0':
		return jfail(j, "a value expected, end of text found");
	default:
		if (*j->p == '-' || is_digit(*j->p))
			return json_number(j);
		return jfail(j, "not a JSON value");
	}
}

bool grammar_json(const char *text, char *why, size_t n)
{
	struct json j = { (const unsigned char *)text, (const unsigned char *)text, why, n, 0 };

	if (!json_value(&j))
		return false;
	jws(&j);
	if (*j.p)
		return jfail(&j, "text after the JSON value");
	return true;
}

/* ---- XML 1.0 (the JUnit subset) ---------------------------------------- */

struct xml {
	const unsigned char *start, *p;
	char *why;
	size_t n;
};

static bool xfail(struct xml *x, const char *what)
{
	size_t line = 1, col = 1;

	for (const unsigned char *q = x->start; q < x->p; q++, col++)
		if (*q == '\n')
			line++, col = 0;
	return fail(x->why, x->n, "%zu:%zu: %s", line, col, what);
}

/* [2] Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
static bool xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* The whole document: UTF-8, and only characters XML allows. */
static bool xml_chars(struct xml *x)
{
	for (x->p = x->start; *x->p;) {
		size_t len = *x->p < 0x80 ? 1 : utf8_char(x->p);
		unsigned long c = *x->p;

		if (!len)
			return xfail(x, "invalid UTF-8");
		if (len == 2)
			c = (c & 0x1f) << 6 | (x->p[1] & 0x3f);
		else if (len == 3)
			c = (c & 0x0f) << 12 | (unsigned long)(x->p[1] & 0x3f) << 6 | (x->p[2] & 0x3f);
		else if (len == 4)
			c = (c & 0x07) << 18 | (unsigned long)(x->p[1] & 0x3f) << 12 |
			    (unsigned long)(x->p[2] & 0x3f) << 6 | (x->p[3] & 0x3f);
		if (!xml_char(c))
			return xfail(x, "a character XML does not allow");
		x->p += len;
	}
	x->p = x->start;
	return true;
}

static bool xml_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t xml_skip_space(struct xml *x)
{
	const unsigned char *s = x->p;

	while (xml_space(*x->p))
		x->p++;
	return (size_t)(x->p - s);
}

/* [4] NameStartChar, [4a] NameChar; every non-ASCII character is allowed. */
static bool name_start(unsigned char c)
{
	return c == ':' || c == '_' || in(c, 'A', 'Z') || in(c, 'a', 'z') || c >= 0x80;
}

static bool name_char(unsigned char c)
{
	return name_start(c) || c == '-' || c == '.' || is_digit(c);
}

/* [5] Name: its length at x->p, 0 when there is none. */
static size_t xml_name(struct xml *x)
{
	size_t k = 0;

	if (!name_start(x->p[0]))
		return 0;
	while (name_char(x->p[k]))
		k++;
	x->p += k;
	return k;
}

/* [67] Reference at x->p (on its '&'): the five predefined ones or a character reference. */
static bool xml_reference(struct xml *x)
{
	static const char *const predefined[] = { "lt;", "gt;", "amp;", "quot;", "apos;" };
	unsigned long v = 0;
	bool hex;
	size_t digits = 0;

	x->p++;
	if (*x->p != '#') {
		for (unsigned i = 0; i < 5; i++)
			if (strncmp((const char *)x->p, predefined[i], strlen(predefined[i])) == 0) {
				x->p += strlen(predefined[i]);
				return true;
			}
		return xfail(x, "'&' that starts no predefined or character reference");
	}
	x->p++;
	hex = *x->p == 'x';
	if (hex)
		x->p++;
	for (;; x->p++, digits++) {
		int d = hex ? hexval(*x->p) : is_digit(*x->p) ? *x->p - '0' : -1;

		if (d < 0)
			break;
		if (v <= 0x10ffff)
			v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (!digits || *x->p != ';')
		return xfail(x, "malformed character reference");
	if (!xml_char(v))
		return xfail(x, "character reference to a character XML does not allow");
	x->p++;
	return true;
}

/* [10] AttValue in quotes at x->p */
static bool xml_attvalue(struct xml *x)
{
	unsigned char q = *x->p;

	if (q != '"' && q != '\'')
		return xfail(x, "attribute value not quoted");
	x->p++;
	while (*x->p != q) {
		if (*x->p == '\0')
			return xfail(x, "attribute value not closed");
		if (*x->p == '<')
			return xfail(x, "'<' in an attribute value");
		if (*x->p == '&') {
			if (!xml_reference(x))
				return false;
			continue;
		}
		x->p++;
	}
	x->p++;
	return true;
}

/* [15] Comment at x->p (on "<!--"): no "--" inside. */
static bool xml_comment(struct xml *x)
{
	x->p += 4;
	for (;;) {
		if (*x->p == '\0')
			return xfail(x, "comment not closed");
		if (x->p[0] == '-' && x->p[1] == '-') {
			if (x->p[2] != '>')
				return xfail(x, "'--' inside a comment");
			x->p += 3;
			return true;
		}
		x->p++;
	}
}

/* [16] PI at x->p (on "<?"); its target may not be "xml" in any case. */
static bool xml_pi(struct xml *x)
{
	const unsigned char *target;
	size_t len;

	x->p += 2;
	target = x->p;
	len = xml_name(x);
	if (!len)
		return xfail(x, "processing instruction without a target");
	if (len == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' &&
	    (target[2] | 0x20) == 'l')
		return xfail(x, "XML declaration not at the start");
	if (x->p[0] == '?' && x->p[1] == '>') {
		x->p += 2;
		return true;
	}
	if (!xml_space(*x->p))
		return xfail(x, "space expected after the target");
	while (!(x->p[0] == '?' && x->p[1] == '>'))
		if (*x->p++ == '\0')
			return xfail(x, "processing instruction not closed");
	x->p += 2;
	return true;
}

/* [27] Misc*: comments, processing instructions and white space. */
static bool xml_misc(struct xml *x)
{
	for (;;) {
		xml_skip_space(x);
		if (strncmp((const char *)x->p, "<!--", 4) == 0) {
			if (!xml_comment(x))
				return false;
		} else if (x->p[0] == '<' && x->p[1] == '?') {
			if (!xml_pi(x))
				return false;
		} else {
			return true;
		}
	}
}

/* [25] Eq, then a quoted value equal to one of @vals (NULL-terminated) or any if NULL. */
static bool xml_decl_attr(struct xml *x, const char *name, const char *const *vals)
{
	unsigned char q;
	const unsigned char *v;
	size_t len;

	if (strncmp((const char *)x->p, name, strlen(name)) != 0)
		return xfail(x, "unexpected pseudo-attribute in the XML declaration");
	x->p += strlen(name);
	xml_skip_space(x);
	if (*x->p != '=')
		return xfail(x, "'=' expected");
	x->p++;
	xml_skip_space(x);
	q = *x->p;
	if (q != '"' && q != '\'')
		return xfail(x, "value not quoted");
	v = ++x->p;
	while (*x->p && *x->p != q)
		x->p++;
	if (!*x->p)
		return xfail(x, "value not closed");
	len = (size_t)(x->p - v);
	x->p++;
	if (!vals)
		return len > 0 && in(v[0] | 0x20, 'a', 'z') ? true :
		       xfail(x, "bad encoding name");
	for (; *vals; vals++)
		if (strlen(*vals) == len && memcmp(*vals, v, len) == 0)
			return true;
	return xfail(x, "unexpected value in the XML declaration");
}

/* [23] XMLDecl: <?xml version="1.x" [encoding="..."] [standalone="yes|no"] ?> */
static bool xml_decl(struct xml *x)
{
	static const char *const versions[] = { "1.0", "1.1", NULL };
	static const char *const yesno[] = { "yes", "no", NULL };

	x->p += 5;
	if (!xml_skip_space(x))
		return xfail(x, "space expected after '<?xml'");
	if (!xml_decl_attr(x, "version", versions))
		return false;
	if (xml_skip_space(x) && strncmp((const char *)x->p, "encoding", 8) == 0 &&
	    !xml_decl_attr(x, "encoding", NULL))
		return false;
	if (xml_skip_space(x) && strncmp((const char *)x->p, "standalone", 10) == 0 &&
	    !xml_decl_attr(x, "standalone", yesno))
		return false;
	xml_skip_space(x);
	if (x->p[0] != '?' || x->p[1] != '>')
		return xfail(x, "'?>' expected to end the XML declaration");
	x->p += 2;
	return true;
}

static bool xml_element(struct xml *x, unsigned depth);

/* [43] content, up to and including the end tag of @name. */
static bool xml_content(struct xml *x, const unsigned char *name, size_t len, unsigned depth)
{
	for (;;) {
		const unsigned char c = *x->p;

		if (c == '\0')
			return xfail(x, "element not closed");
		if (c == '&') {
			if (!xml_reference(x))
				return false;
		} else if (c == ']' && x->p[1] == ']' && x->p[2] == '>') {
			return xfail(x, "']]>' in character data");
		} else if (c != '<') {
			x->p++;
		} else if (strncmp((const char *)x->p, "<!--", 4) == 0) {
			if (!xml_comment(x))
				return false;
		} else if (strncmp((const char *)x->p, "<![CDATA[", 9) == 0) {
			const char *end = strstr((const char *)x->p + 9, "]]>");

			if (!end)
				return xfail(x, "CDATA section not closed");
			x->p = (const unsigned char *)end + 3;
		} else if (x->p[1] == '?') {
			if (!xml_pi(x))
				return false;
		} else if (x->p[1] == '!') {
			return xfail(x, "declaration inside an element");
		} else if (x->p[1] == '/') {
			const unsigned char *end;

			x->p += 2;
			end = x->p;
			if (xml_name(x) != len || memcmp(end, name, len) != 0) {
				x->p = end;
				return xfail(x, "end tag does not match the start tag");
			}
			xml_skip_space(x);
			if (*x->p != '>')
				return xfail(x, "'>' expected to end the end tag");
			x->p++;
			return true;
		} else if (!xml_element(x, depth + 1)) {
			return false;
		}
	}
}

/* [39] element at x->p (on its '<') */
static bool xml_element(struct xml *x, unsigned depth)
{
	struct { const unsigned char *s; size_t len; } attrs[XML_MAX_ATTRS];
	unsigned n_attrs = 0;
	const unsigned char *name;
	size_t len;

	if (depth > XML_MAX_DEPTH)
		return xfail(x, "elements nested too deep");
	x->p++;
	name = x->p;
	len = xml_name(x);
	if (!len)
		return xfail(x, "element name expected after '<'");
	for (;;) {
		size_t sp = xml_skip_space(x), alen;
		const unsigned char *a;

		if (x->p[0] == '/' && x->p[1] == '>') {
			x->p += 2;
			return true;
		}
		if (x->p[0] == '>') {
			x->p++;
			return xml_content(x, name, len, depth);
		}
		if (!sp)
			return xfail(x, "space expected before an attribute");
		a = x->p;
		alen = xml_name(x);
		if (!alen)
			return xfail(x, "attribute name expected");
		for (unsigned i = 0; i < n_attrs; i++)
			if (attrs[i].len == alen && memcmp(attrs[i].s, a, alen) == 0) {
				x->p = a;
				return xfail(x, "attribute repeated in one element");
			}
		if (n_attrs == XML_MAX_ATTRS)
			return xfail(x, "too many attributes for this validator");
		attrs[n_attrs].s = a;
		attrs[n_attrs++].len = alen;
		xml_skip_space(x);
		if (*x->p != '=')
			return xfail(x, "'=' expected after an attribute name");
		x->p++;
		xml_skip_space(x);
		if (!xml_attvalue(x))
			return false;
	}
}

/* [1] document: prolog element Misc*, with no DOCTYPE in this subset. */
bool grammar_xml(const char *text, char *why, size_t n)
{
	struct xml x = { (const unsigned char *)text, (const unsigned char *)text, why, n };

	if (!xml_chars(&x))
		return false;
	if (strncmp(text, "<?xml", 5) == 0 && xml_space((unsigned char)text[5]) &&
	    !xml_decl(&x))
		return false;
	if (!xml_misc(&x))
		return false;
	if (strncmp((const char *)x.p, "<!DOCTYPE", 9) == 0)
		return xfail(&x, "DOCTYPE is outside the subset this validator knows");
	if (*x.p != '<')
		return xfail(&x, "no root element");
	if (!xml_element(&x, 0) || !xml_misc(&x))
		return false;
	if (*x.p)
		return xfail(&x, *x.p == '<' ? "a second root element" : "text after the root element");
	return true;
}
