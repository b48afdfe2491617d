// SPDX-License-Identifier: MIT
/*
 * Results of replay and conformance in five formats (report.h).
 *
 * text and tap stream: each case is written when it is recorded, so a long
 * run shows its failures as they happen, and only the counts are kept.
 * ktap, json and junit need totals before the cases (the KTAP plan, the
 * JUnit counts) or group the cases by area, so they keep every case and
 * write everything at the end.
 *
 * The machine formats never pass a byte through that could break their
 * syntax: each has its own escaping (one-line descriptions for TAP/KTAP,
 * \u escapes for JSON, character references for XML), and invalid UTF-8
 * becomes U+FFFD in JSON and XML, which must be UTF-8.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <smmu-nest/report.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define RESET "\033[0m"

/* Progress: at most one update per this many milliseconds. */
#define PROGRESS_MS 100
/* Longest file name shown on the progress line (its tail). */
#define PROGRESS_NAME 60

struct rdiag {
	unsigned line;
	char *what, *msg;
};

/* A recorded case (buffered formats only). */
struct rcase {
	char *area, *file, *id, *policy, *mode, *skip_reason;
	unsigned line;
	enum sn_case_status status;
	struct rdiag *diags;
	unsigned n_diags;
};

/* One row of the summary: an area under one policy (NULL: "arch"). */
struct row {
	char *policy;
	unsigned seq;           /* order of first appearance in the run */
	unsigned n[3];          /* by enum sn_case_status */
};

struct area {
	char *name;
	struct row *rows;
	unsigned n_rows;
	unsigned n[3];
};

struct sn_report {
	FILE *out;
	struct sn_report_opts o;
	char *command, *dut;
	bool colour;
	bool broken;            /* an allocation failed: the report is incomplete */

	unsigned n[3];
	unsigned seq;
	struct area *areas;
	unsigned n_areas;
	char **order;           /* sn_report_policies() */
	unsigned n_order;

	struct rcase *cases;    /* ktap, json, junit */
	unsigned n_cases, cap_cases;

	/* progress */
	bool progress, shown, drawn;
	long long last_ms;
	char *file;
};

static const char *const format_names[] = {
	[SN_REPORT_TEXT] = "text",
	[SN_REPORT_TAP] = "tap",
	[SN_REPORT_KTAP] = "ktap",
	[SN_REPORT_JSON] = "json",
	[SN_REPORT_JUNIT] = "junit",
};

bool sn_report_format_parse(const char *s, enum sn_report_format *f)
{
	for (unsigned i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (s && strcmp(s, format_names[i]) == 0) {
			*f = (enum sn_report_format)i;
			return true;
		}
	}
	return false;
}

const char *sn_report_format_name(enum sn_report_format f)
{
	if ((unsigned)f < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[f];
	return "?";
}

static const char *str(const char *s)
{
	return s ? s : "";
}

/* A copy of @s (NULL stays NULL); on failure the report is marked broken. */
static char *copy(struct sn_report *r, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		r->broken = true;
	return d;
}

/* Make room for @need elements in *@p (capacity *@cap); false when out of memory. */
static bool grow(void **p, unsigned *cap, unsigned need, size_t size)
{
	unsigned n = *cap ? *cap : 8;
	void *q;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	q = realloc(*p, (size_t)n * size);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

/*
 * The next character of UTF-8 text at @s: its code point, and in *@len the
 * bytes it takes.  -1 (with *@len 1) for a byte that does not start a
 * well-formed sequence: overlong forms, surrogates and values above
 * U+10FFFF are not well-formed (RFC 3629).
 */
static long utf8_next(const unsigned char *s, unsigned *len)
{
	unsigned n, i;
	long cp, min;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;      /* also stops at the NUL */
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = n;
	return cp;
}

/* "id [policy, mode]", "id [policy]", "id [mode]" or "id". */
static void case_name(char *buf, size_t len, const char *id, const char *policy,
		      const char *mode)
{
	if (policy && mode)
		snprintf(buf, len, "%s [%s, %s]", str(id), policy, mode);
	else if (policy || mode)
		snprintf(buf, len, "%s [%s]", str(id), policy ? policy : mode);
	else
		snprintf(buf, len, "%s", str(id));
}

/* ---- escaping ---------------------------------------------------------- */

enum hash_rule {
	HASH_KEEP,      /* diagnostic data: '#' means nothing there */
	HASH_TAP,       /* a TAP description: "\#" and "\\" */
	HASH_KTAP,      /* a KTAP description cannot hold '#' at all: '_' */
};

/*
 * @s on one line: control characters as C escapes ("\n", "\x1b"), so a
 * hostile message can neither start a new TAP line nor reach a terminal.
 */
static void put_line(FILE *f, const char *s, enum hash_rule h)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else if (c == '#' && h == HASH_TAP)
			fputs("\\#", f);
		else if (c == '\\' && h == HASH_TAP)
			fputs("\\\\", f);
		else if (c == '#' && h == HASH_KTAP)
			fputc('_', f);
		else
			fputc(c, f);
	}
}

/*
 * A JSON string (RFC 8259 §7): control characters as \u00XX, invalid UTF-8
 * as U+FFFD, everything else as it is.
 */
static void put_json(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)str(s);

	fputc('"', f);
	while (*p) {
		unsigned len;
		long cp = utf8_next(p, &len);

		if (cp < 0)
			fputs("\\ufffd", f);
		else if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp < 0x20)
			fprintf(f, "\\u%04lx", cp);
		else
			fwrite(p, 1, len, f);
		p += len;
	}
	fputc('"', f);
}

/*
 * A YAML double-quoted scalar for TAP's diagnostic blocks, with only the
 * escapes TAP consumers' YAML readers know ("\n", "\xNN"; TAP::Parser's
 * YAMLish has no "\u"), and invalid UTF-8 as U+FFFD itself.
 */
static void put_yaml(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)str(s);

	fputc('"', f);
	while (*p) {
		unsigned len;
		long cp = utf8_next(p, &len);

		if (cp < 0)
			fputs("\xef\xbf\xbd", f);
		else if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\r')
			fputs("\\r", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f && cp != 0x85))
			fprintf(f, "\\x%02lx", cp);   /* not printable in YAML */
		else
			fwrite(p, 1, len, f);
		p += len;
	}
	fputc('"', f);
}

static void put_json_or_null(FILE *f, const char *s)
{
	if (s)
		put_json(f, s);
	else
		fputs("null", f);
}

/*
 * XML character data or (@attr) an attribute value in double quotes.
 * XML 1.0 has no way at all to hold most control characters (not even as
 * references), so they are written as the text "\xNN"; in attributes, tab,
 * newline and CR are references so that attribute-value normalisation
 * keeps them; invalid UTF-8 and the non-characters U+FFFE/U+FFFF become
 * U+FFFD.
 */
static void put_xml(FILE *f, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)str(s);

	while (*p) {
		unsigned len;
		long cp = utf8_next(p, &len);

		if (cp < 0 || cp == 0xfffe || cp == 0xffff)
			fputs("\xef\xbf\xbd", f);
		else if (cp == '&')
			fputs("&amp;", f);
		else if (cp == '<')
			fputs("&lt;", f);
		else if (cp == '>')
			fputs("&gt;", f);
		else if (cp == '"' && attr)
			fputs("&quot;", f);
		else if (cp == '\r' || ((cp == '\n' || cp == '\t') && attr))
			fprintf(f, "&#%ld;", cp);
		else if (cp < 0x20 && cp != '\n' && cp != '\t')
			fprintf(f, "\\x%02lx", cp);
		else
			fwrite(p, 1, len, f);
		p += len;
	}
}

/* ---- progress ---------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "\r[N cases] file", not more often than every PROGRESS_MS. */
static void progress_draw(struct sn_report *r)
{
	const char *name = str(r->file);
	size_t len = strlen(name);
	long long t;

	if (!r->progress)
		return;
	t = now_ms();
	if (r->drawn && t - r->last_ms < PROGRESS_MS)
		return;
	if (len > PROGRESS_NAME) {
		name += len - PROGRESS_NAME + 3;
		while ((*name & 0xc0) == 0x80)   /* not in the middle of a character */
			name++;
	}
	fprintf(r->o.progress_stream, "\r\033[K[%u cases] %s",
		r->n[0] + r->n[1] + r->n[2], len > PROGRESS_NAME ? "..." : "");
	/* a file name is not to move the cursor or recolour the terminal */
	for (; *name; name++)
		fputc((unsigned char)*name < 0x20 || *name == 0x7f ? '?' : *name,
		      r->o.progress_stream);
	fflush(r->o.progress_stream);
	r->last_ms = t;
	r->drawn = r->shown = true;
}

/* Take the progress line away before writing, in case both share a terminal. */
static void progress_erase(struct sn_report *r)
{
	if (!r->shown)
		return;
	fputs("\r\033[K", r->o.progress_stream);
	fflush(r->o.progress_stream);
	r->shown = false;
}

/* ---- opening, counting ------------------------------------------------- */

static bool colour_on(FILE *out, const struct sn_report_opts *o)
{
	const char *no = getenv("NO_COLOR");

	if (o->format != SN_REPORT_TEXT || o->colour == SN_COLOUR_NEVER)
		return false;
	if (o->colour == SN_COLOUR_ALWAYS)
		return true;
	return isatty(fileno(out)) && !(no && *no);
}

struct sn_report *sn_report_open(FILE *out, const struct sn_report_opts *o)
{
	struct sn_report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->out = out;
	r->o = *o;
	r->command = copy(r, o->command ? o->command : "replay");
	r->dut = copy(r, o->dut);
	if (r->broken) {
		free(r->command);
		free(r->dut);
		free(r);
		return NULL;
	}
	r->o.command = r->command;
	r->o.dut = r->dut;
	r->colour = colour_on(out, o);
	r->progress = o->progress_stream && isatty(fileno(o->progress_stream));
	if (o->format == SN_REPORT_TAP)
		fputs("TAP version 13\n", out);
	return r;
}

void sn_report_file(struct sn_report *r, const char *file)
{
	char *d;

	if (!r->progress)
		return;
	d = strdup(str(file));
	if (d) {
		free(r->file);
		r->file = d;
	}
	progress_draw(r);
}

void sn_report_policies(struct sn_report *r, const char *const *names, unsigned n)
{
	char **order = calloc(n ? n : 1, sizeof(*order));

	if (!order) {
		r->broken = true;
		return;
	}
	for (unsigned i = 0; i < r->n_order; i++)
		free(r->order[i]);
	free(r->order);
	for (unsigned i = 0; i < n; i++)
		order[i] = copy(r, names[i]);
	r->order = order;
	r->n_order = n;
}

static struct area *area_for(struct sn_report *r, const char *name)
{
	unsigned cap = r->n_areas;
	struct area *a;

	for (unsigned i = 0; i < r->n_areas; i++)
		if (strcmp(r->areas[i].name, name) == 0)
			return &r->areas[i];
	if (!grow((void **)&r->areas, &cap, r->n_areas + 1, sizeof(*r->areas)))
		return NULL;
	a = &r->areas[r->n_areas];
	memset(a, 0, sizeof(*a));
	a->name = copy(r, name);
	if (!a->name)
		return NULL;
	r->n_areas++;
	return a;
}

static bool same_policy(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static struct row *row_for(struct sn_report *r, struct area *a, const char *policy)
{
	unsigned cap = a->n_rows;
	struct row *w;

	for (unsigned i = 0; i < a->n_rows; i++)
		if (same_policy(a->rows[i].policy, policy))
			return &a->rows[i];
	if (!grow((void **)&a->rows, &cap, a->n_rows + 1, sizeof(*a->rows)))
		return NULL;
	w = &a->rows[a->n_rows];
	memset(w, 0, sizeof(*w));
	w->policy = copy(r, policy);
	if (policy && !w->policy)
		return NULL;
	w->seq = r->seq++;
	a->n_rows++;
	return w;
}

/* Where a row sorts: "arch", then the declared policies, then the rest. */
static unsigned long row_rank(const struct sn_report *r, const struct row *w)
{
	if (!w->policy)
		return 0;
	for (unsigned i = 0; i < r->n_order; i++)
		if (r->order[i] && strcmp(r->order[i], w->policy) == 0)
			return 1 + i;
	return 1ul + r->n_order + w->seq;
}

static void sort_rows(const struct sn_report *r, struct area *a)
{
	/* insertion sort: a handful of rows, and stable */
	for (unsigned i = 1; i < a->n_rows; i++) {
		struct row w = a->rows[i];
		unsigned j = i;

		for (; j > 0 && row_rank(r, &a->rows[j - 1]) > row_rank(r, &w); j--)
			a->rows[j] = a->rows[j - 1];
		a->rows[j] = w;
	}
}

static void tally(struct sn_report *r, const struct sn_case *c)
{
	struct area *a = area_for(r, str(c->area));
	struct row *w = a ? row_for(r, a, c->policy) : NULL;

	r->n[c->status]++;
	if (!w) {
		r->broken = true;
		return;
	}
	a->n[c->status]++;
	w->n[c->status]++;
}

static void rcase_free(struct rcase *k)
{
	free(k->area);
	free(k->file);
	free(k->id);
	free(k->policy);
	free(k->mode);
	free(k->skip_reason);
	for (unsigned i = 0; i < k->n_diags; i++) {
		free(k->diags[i].what);
		free(k->diags[i].msg);
	}
	free(k->diags);
}

/* Keep a copy of @c for the buffered formats. */
static void keep(struct sn_report *r, const struct sn_case *c)
{
	struct rcase *k;

	if (!grow((void **)&r->cases, &r->cap_cases, r->n_cases + 1, sizeof(*r->cases))) {
		r->broken = true;
		return;
	}
	k = &r->cases[r->n_cases++];
	memset(k, 0, sizeof(*k));
	k->area = copy(r, str(c->area));
	k->file = copy(r, str(c->file));
	k->id = copy(r, str(c->id));
	k->policy = copy(r, c->policy);
	k->mode = copy(r, c->mode);
	k->skip_reason = c->status == SN_CASE_SKIP ? copy(r, str(c->skip_reason)) : NULL;
	k->line = c->line;
	k->status = c->status;
	if (c->n_diags) {
		k->diags = calloc(c->n_diags, sizeof(*k->diags));
		if (!k->diags) {
			r->broken = true;
			return;
		}
		k->n_diags = c->n_diags;
	}
	for (unsigned i = 0; i < c->n_diags; i++) {
		k->diags[i].line = c->diags[i].line ? c->diags[i].line : c->line;
		k->diags[i].what = copy(r, c->diags[i].what);
		k->diags[i].msg = copy(r, str(c->diags[i].msg));
	}
}

/* ---- text -------------------------------------------------------------- */

/* "file:line: id what: msg", as replay has always printed a failed check. */
static void text_diag(FILE *f, bool colour, const char *file, unsigned line, const char *id,
		      const char *what, const char *msg)
{
	if (colour)
		fprintf(f, RED "%s:%u:" RESET, str(file), line);
	else
		fprintf(f, "%s:%u:", str(file), line);
	if (what && *what)
		fprintf(f, " %s %s: %s\n", str(id), what, str(msg));
	else
		fprintf(f, " %s: %s\n", str(id), str(msg));
}

static void text_case(struct sn_report *r, const struct sn_case *c)
{
	if (c->status != SN_CASE_FAIL || r->o.quiet)
		return;
	progress_erase(r);
	for (unsigned i = 0; i < c->n_diags; i++) {
		const struct sn_case_diag *d = &c->diags[i];

		text_diag(r->out, r->colour, c->file, d->line ? d->line : c->line, c->id,
			  d->what, d->msg);
	}
}

static void text_close(struct sn_report *r, unsigned files, unsigned vectors)
{
	bool skips = r->n[SN_CASE_SKIP] > 0;
	FILE *f = r->out;

	if (r->o.summary) {
		fprintf(f, "smmu-nest %s: %u files, %u vectors\n", r->command, files, vectors);
		fprintf(f, "%-10s %-8s %8s %8s", "area", "policy", "passed", "failed");
		fprintf(f, skips ? " %8s\n" : "\n", "skipped");
		for (unsigned a = 0; a < r->n_areas; a++) {
			const struct area *ar = &r->areas[a];

			for (unsigned i = 0; i < ar->n_rows; i++) {
				const struct row *w = &ar->rows[i];

				fprintf(f, "%-10s %-8s %8u %8u", ar->name,
					w->policy ? w->policy : "arch", w->n[SN_CASE_PASS],
					w->n[SN_CASE_FAIL]);
				if (skips)
					fprintf(f, " %8u", w->n[SN_CASE_SKIP]);
				fputc('\n', f);
			}
		}
	}
	if (r->colour)
		fputs(r->n[SN_CASE_FAIL] ? RED : GREEN, f);
	fprintf(f, "%u passed, %u failed", r->n[SN_CASE_PASS], r->n[SN_CASE_FAIL]);
	if (skips)
		fprintf(f, ", %u skipped", r->n[SN_CASE_SKIP]);
	fputs(r->colour ? RESET "\n" : "\n", f);
}

/* ---- TAP 13 ------------------------------------------------------------ */

static void tap_case(struct sn_report *r, const struct sn_case *c)
{
	unsigned no = r->n[0] + r->n[1] + r->n[2];
	char name[512];
	FILE *f = r->out;

	progress_erase(r);
	case_name(name, sizeof(name), c->id, c->policy, c->mode);
	fprintf(f, "%s %u - ", c->status == SN_CASE_FAIL ? "not ok" : "ok", no);
	put_line(f, str(c->area), HASH_TAP);
	fputs(": ", f);
	put_line(f, name, HASH_TAP);
	if (c->status == SN_CASE_SKIP) {
		fputs(" # SKIP ", f);
		put_line(f, str(c->skip_reason), HASH_KEEP);
	}
	fputc('\n', f);
	if (c->status != SN_CASE_FAIL)
		return;
	/* The YAML block: every value a double-quoted scalar or a number. */
	fputs("  ---\n  area: ", f);
	put_yaml(f, c->area);
	fputs("\n  file: ", f);
	put_yaml(f, c->file);
	fprintf(f, "\n  line: %u\n  id: ", c->line);
	put_yaml(f, c->id);
	if (c->policy) {
		fputs("\n  policy: ", f);
		put_yaml(f, c->policy);
	}
	if (c->mode) {
		fputs("\n  mode: ", f);
		put_yaml(f, c->mode);
	}
	fputs("\n  failures:\n", f);
	for (unsigned i = 0; i < c->n_diags; i++) {
		const struct sn_case_diag *d = &c->diags[i];

		fprintf(f, "    - line: %u\n", d->line ? d->line : c->line);
		if (d->what && *d->what) {
			fputs("      what: ", f);
			put_yaml(f, d->what);
			fputc('\n', f);
		}
		fputs("      message: ", f);
		put_yaml(f, d->msg);
		fputc('\n', f);
	}
	fputs("  ...\n", f);
}

static void tap_close(struct sn_report *r)
{
	fprintf(r->out, "# %u passed, %u failed", r->n[SN_CASE_PASS], r->n[SN_CASE_FAIL]);
	if (r->n[SN_CASE_SKIP])
		fprintf(r->out, ", %u skipped", r->n[SN_CASE_SKIP]);
	fprintf(r->out, "\n1..%u\n", r->n[0] + r->n[1] + r->n[2]);
}

/* ---- KTAP 1 ------------------------------------------------------------ */

#define KTAP_INDENT "    "

static void ktap_case(FILE *f, const struct rcase *k, unsigned no)
{
	char name[512];

	for (unsigned i = 0; i < k->n_diags; i++) {
		const struct rdiag *d = &k->diags[i];

		fputs(KTAP_INDENT "# ", f);
		put_line(f, k->file, HASH_KEEP);
		fprintf(f, ":%u: ", d->line);
		put_line(f, k->id, HASH_KEEP);
		if (d->what && *d->what) {
			fputc(' ', f);
			put_line(f, d->what, HASH_KEEP);
		}
		fputs(": ", f);
		put_line(f, d->msg, HASH_KEEP);
		fputc('\n', f);
	}
	case_name(name, sizeof(name), k->id, k->policy, k->mode);
	fprintf(f, KTAP_INDENT "%s %u ", k->status == SN_CASE_FAIL ? "not ok" : "ok", no);
	put_line(f, name, HASH_KTAP);
	if (k->status == SN_CASE_SKIP) {
		fputs(" # SKIP ", f);
		put_line(f, k->skip_reason, HASH_KEEP);
	}
	fputc('\n', f);
}

/*
 * One subtest per area, in the order the areas came; inside, the area's
 * cases in run order.  An area fails when one of its cases fails, and is
 * skipped when all of them were.
 */
static void ktap_close(struct sn_report *r)
{
	FILE *f = r->out;

	fprintf(f, "KTAP version 1\n1..%u\n", r->n_areas);
	for (unsigned a = 0; a < r->n_areas; a++) {
		const struct area *ar = &r->areas[a];
		unsigned total = ar->n[0] + ar->n[1] + ar->n[2], no = 0;

		fprintf(f, KTAP_INDENT "KTAP version 1\n" KTAP_INDENT "1..%u\n", total);
		for (unsigned i = 0; i < r->n_cases; i++)
			if (strcmp(r->cases[i].area, ar->name) == 0)
				ktap_case(f, &r->cases[i], ++no);
		fputs("# ", f);
		put_line(f, ar->name, HASH_KEEP);
		fprintf(f, ": %u passed, %u failed, %u skipped\n", ar->n[SN_CASE_PASS],
			ar->n[SN_CASE_FAIL], ar->n[SN_CASE_SKIP]);
		fprintf(f, "%s %u ", ar->n[SN_CASE_FAIL] ? "not ok" : "ok", a + 1);
		put_line(f, ar->name, HASH_KTAP);
		if (total && ar->n[SN_CASE_SKIP] == total)
			fputs(" # SKIP every case skipped", f);
		fputc('\n', f);
	}
	fprintf(f, "# %u passed, %u failed, %u skipped\n", r->n[SN_CASE_PASS],
		r->n[SN_CASE_FAIL], r->n[SN_CASE_SKIP]);
}

/* ---- JSON -------------------------------------------------------------- */

static const char *status_name(enum sn_case_status s)
{
	return s == SN_CASE_PASS ? "pass" : s == SN_CASE_FAIL ? "fail" : "skip";
}

static void json_case(FILE *f, const struct rcase *k)
{
	char name[512];

	case_name(name, sizeof(name), k->id, k->policy, k->mode);
	fputs("{\"area\": ", f);
	put_json(f, k->area);
	fputs(", \"file\": ", f);
	put_json(f, k->file);
	fprintf(f, ", \"line\": %u, \"id\": ", k->line);
	put_json(f, k->id);
	fputs(", \"name\": ", f);
	put_json(f, name);
	fputs(", \"policy\": ", f);
	put_json_or_null(f, k->policy);
	fputs(", \"mode\": ", f);
	put_json_or_null(f, k->mode);
	fprintf(f, ", \"status\": \"%s\", \"skip_reason\": ", status_name(k->status));
	put_json_or_null(f, k->skip_reason);
	fputs(", \"diags\": [", f);
	for (unsigned i = 0; i < k->n_diags; i++) {
		fprintf(f, "%s{\"line\": %u, \"what\": ", i ? ", " : "", k->diags[i].line);
		put_json_or_null(f, k->diags[i].what && *k->diags[i].what ?
				 k->diags[i].what : NULL);
		fputs(", \"message\": ", f);
		put_json(f, k->diags[i].msg);
		fputc('}', f);
	}
	fputs("]}", f);
}

static void json_counts(FILE *f, const unsigned n[3])
{
	fprintf(f, "\"passed\": %u, \"failed\": %u, \"skipped\": %u", n[SN_CASE_PASS],
		n[SN_CASE_FAIL], n[SN_CASE_SKIP]);
}

static void json_close(struct sn_report *r, unsigned files, unsigned vectors)
{
	FILE *f = r->out;
	bool first = true;

	fputs("{\n  \"command\": ", f);
	put_json(f, r->command);
	fputs(",\n  \"dut\": ", f);
	put_json_or_null(f, r->dut);
	fputs(",\n  \"cases\": [", f);
	for (unsigned i = 0; i < r->n_cases; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_case(f, &r->cases[i]);
	}
	fputs(r->n_cases ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"summary\": {\"files\": %u, \"vectors\": %u, ", files, vectors);
	json_counts(f, r->n);
	fputs(", \"areas\": [", f);
	for (unsigned a = 0; a < r->n_areas; a++) {
		const struct area *ar = &r->areas[a];

		for (unsigned i = 0; i < ar->n_rows; i++) {
			fputs(first ? "\n    {\"area\": " : ",\n    {\"area\": ", f);
			put_json(f, ar->name);
			fputs(", \"policy\": ", f);
			put_json(f, ar->rows[i].policy ? ar->rows[i].policy : "arch");
			fputs(", ", f);
			json_counts(f, ar->rows[i].n);
			fputc('}', f);
			first = false;
		}
	}
	fputs(first ? "]}\n}\n" : "\n  ]}\n}\n", f);
}

/* ---- JUnit XML --------------------------------------------------------- */

/*
 * "area.stem": the file's name without directory and ".yaml", with any
 * other '.' as '_', since JUnit readers split a classname at its dots.
 */
static void junit_classname(FILE *f, const struct rcase *k)
{
	const char *base = strrchr(k->file, '/');
	char stem[256];
	size_t len;

	base = base ? base + 1 : k->file;
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
		len -= 5;
	if (len >= sizeof(stem))
		len = sizeof(stem) - 1;
	memcpy(stem, base, len);
	stem[len] = '\0';
	for (char *p = stem; *p; p++)
		if (*p == '.')
			*p = '_';
	put_xml(f, k->area, true);
	fputc('.', f);
	put_xml(f, stem, true);
}

static void junit_case(FILE *f, const struct rcase *k)
{
	char name[512];

	case_name(name, sizeof(name), k->id, k->policy, k->mode);
	fputs("    <testcase classname=\"", f);
	junit_classname(f, k);
	fputs("\" name=\"", f);
	put_xml(f, name, true);
	fputs("\" file=\"", f);
	put_xml(f, k->file, true);
	fprintf(f, "\" line=\"%u\"", k->line);
	if (k->status == SN_CASE_PASS) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	if (k->status == SN_CASE_SKIP) {
		fputs("      <skipped message=\"", f);
		put_xml(f, k->skip_reason, true);
		fputs("\"/>\n", f);
	} else {
		fputs("      <failure message=\"", f);
		put_xml(f, k->n_diags ? k->diags[0].msg : "failed", true);
		fputs("\">", f);
		for (unsigned i = 0; i < k->n_diags; i++) {
			const struct rdiag *d = &k->diags[i];
			char head[64];

			snprintf(head, sizeof(head), ":%u: ", d->line);
			put_xml(f, k->file, false);
			put_xml(f, head, false);
			put_xml(f, k->id, false);
			if (d->what && *d->what) {
				fputc(' ', f);
				put_xml(f, d->what, false);
			}
			fputs(": ", f);
			put_xml(f, d->msg, false);
			fputc('\n', f);
		}
		fputs("</failure>\n", f);
	}
	fputs("    </testcase>\n", f);
}

static void junit_close(struct sn_report *r)
{
	FILE *f = r->out;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"smmu-nest ", f);
	put_xml(f, r->command, true);
	fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\">\n",
		r->n[0] + r->n[1] + r->n[2], r->n[SN_CASE_FAIL], r->n[SN_CASE_SKIP]);
	for (unsigned a = 0; a < r->n_areas; a++) {
		const struct area *ar = &r->areas[a];

		fputs("  <testsuite name=\"", f);
		put_xml(f, ar->name, true);
		fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\">\n",
			ar->n[0] + ar->n[1] + ar->n[2], ar->n[SN_CASE_FAIL],
			ar->n[SN_CASE_SKIP]);
		for (unsigned i = 0; i < r->n_cases; i++)
			if (strcmp(r->cases[i].area, ar->name) == 0)
				junit_case(f, &r->cases[i]);
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
}

/* ---- recording, closing ------------------------------------------------ */

void sn_report_case(struct sn_report *r, const struct sn_case *c)
{
	if ((unsigned)c->status > SN_CASE_SKIP) {
		r->broken = true;
		return;
	}
	tally(r, c);
	if (r->o.format == SN_REPORT_TEXT)
		text_case(r, c);
	else if (r->o.format == SN_REPORT_TAP)
		tap_case(r, c);
	else
		keep(r, c);
	progress_draw(r);
}

unsigned sn_report_count(const struct sn_report *r, enum sn_case_status s)
{
	return (unsigned)s <= SN_CASE_SKIP ? r->n[s] : 0;
}

static void report_free(struct sn_report *r)
{
	for (unsigned i = 0; i < r->n_cases; i++)
		rcase_free(&r->cases[i]);
	free(r->cases);
	for (unsigned a = 0; a < r->n_areas; a++) {
		for (unsigned i = 0; i < r->areas[a].n_rows; i++)
			free(r->areas[a].rows[i].policy);
		free(r->areas[a].rows);
		free(r->areas[a].name);
	}
	free(r->areas);
	for (unsigned i = 0; i < r->n_order; i++)
		free(r->order[i]);
	free(r->order);
	free(r->file);
	free(r->command);
	free(r->dut);
	free(r);
}

int sn_report_close(struct sn_report *r, unsigned files, unsigned vectors)
{
	int rc;

	progress_erase(r);
	for (unsigned a = 0; a < r->n_areas; a++)
		sort_rows(r, &r->areas[a]);
	switch (r->o.format) {
	case SN_REPORT_TEXT:
		text_close(r, files, vectors);
		break;
	case SN_REPORT_TAP:
		tap_close(r);
		break;
	case SN_REPORT_KTAP:
		ktap_close(r);
		break;
	case SN_REPORT_JSON:
		json_close(r, files, vectors);
		break;
	case SN_REPORT_JUNIT:
		junit_close(r);
		break;
	}
	fflush(r->out);
	/* an incomplete report must not pass for a clean run */
	rc = r->n[SN_CASE_FAIL] || r->broken ? 1 : 0;
	report_free(r);
	return rc;
}

void sn_report_abort(struct sn_report *r, const char *why)
{
	progress_erase(r);
	if (r->o.format == SN_REPORT_TAP) {
		fputs("Bail out! ", r->out);
		put_line(r->out, why, HASH_KEEP);
		fputc('\n', r->out);
	}
	fflush(r->out);
	report_free(r);
}
