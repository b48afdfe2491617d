// SPDX-License-Identifier: MIT
/*
 * YAML text to a small tree (yaml_dom.h), through libyaml's event API.
 *
 * The tree is built without recursion: the collections still open sit on a
 * fixed stack of YDOM_MAX_DEPTH entries, and every node is linked into its
 * parent as soon as it exists, so freeing the root on any error frees all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml_dom.h"

struct builder {
	const char *name;           /* file name for messages */
	char *err;
	size_t err_len;
	struct ydom_node *root;
	struct ydom_node *open[YDOM_MAX_DEPTH]; /* collections being filled */
	unsigned depth;
	unsigned nodes;
	unsigned documents;
};

void ydom_excerpt(const char *s, char out[YDOM_EXCERPT_LEN])
{
	const size_t keep = YDOM_EXCERPT_LEN - 4;  /* room for "..." and NUL */
	size_t i;

	for (i = 0; s[i] && i < keep; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (s[i])
		memcpy(out + i, "...", 4);
	else
		out[i] = '\0';
}

const char *ydom_kind_name(enum ydom_kind kind)
{
	switch (kind) {
	case YDOM_SCALAR:
		return "a scalar";
	case YDOM_SEQ:
		return "a list";
	case YDOM_MAP:
	default:
		return "a mapping";
	}
}

bool ydom_is_null(const struct ydom_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->kind != YDOM_SCALAR || n->quoted)
		return false;
	for (unsigned i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

const struct ydom_node *ydom_map_get(const struct ydom_node *map, const char *key)
{
	for (unsigned i = 0; i < ydom_map_size(map); i++)
		if (strcmp(ydom_map_key(map, i)->text, key) == 0)
			return ydom_map_value(map, i);
	return NULL;
}

void ydom_free(struct ydom_node *n)
{
	if (!n)
		return;
	/* Recursion is bounded by YDOM_MAX_DEPTH. */
	for (unsigned i = 0; i < n->n_kids; i++)
		ydom_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

__attribute__((format(printf, 4, 5)))
static int fail_at(struct builder *b, unsigned line, unsigned col, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	snprintf(b->err, b->err_len, "%s:%u:%u: ", b->name, line, col);
	used = strlen(b->err);
	va_start(ap, fmt);
	vsnprintf(b->err + used, b->err_len - used, fmt, ap);
	va_end(ap);
	return -1;
}

/* libyaml marks count from 0. */
#define MARK(m) (unsigned)(m).line + 1, (unsigned)(m).column + 1

static struct ydom_node *new_node(struct builder *b, enum ydom_kind kind, yaml_mark_t at)
{
	struct ydom_node *n;

	if (b->nodes >= YDOM_MAX_NODES) {
		fail_at(b, MARK(at), "more than %u YAML nodes in one file", YDOM_MAX_NODES);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		fail_at(b, MARK(at), "out of memory");
		return NULL;
	}
	b->nodes++;
	n->kind = kind;
	n->line = (unsigned)at.line + 1;
	n->col = (unsigned)at.column + 1;
	return n;
}

static bool add_kid(struct ydom_node *parent, struct ydom_node *kid)
{
	if (parent->n_kids == parent->cap) {
		unsigned cap = parent->cap ? 2 * parent->cap : 4;
		struct ydom_node **kids = realloc(parent->kids, cap * sizeof(*kids));

		if (!kids)
			return false;
		parent->kids = kids;
		parent->cap = cap;
	}
	parent->kids[parent->n_kids++] = kid;
	return true;
}

/*
 * Link @n into the innermost open collection (or make it the root).  On
 * failure @n is freed here, since nothing else owns it yet.
 */
static int attach(struct builder *b, struct ydom_node *n)
{
	struct ydom_node *parent;

	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	parent = b->open[b->depth - 1];
	/* An even count in a mapping means the next node is a key. */
	if (parent->kind == YDOM_MAP && parent->n_kids % 2 == 0 && n->kind != YDOM_SCALAR) {
		fail_at(b, n->line, n->col, "a mapping key must be a plain string, not %s",
			ydom_kind_name(n->kind));
		ydom_free(n);
		return -1;
	}
	if (!add_kid(parent, n)) {
		fail_at(b, n->line, n->col, "out of memory");
		ydom_free(n);
		return -1;
	}
	return 0;
}

/* Anchors and aliases could expand a small file exponentially; tags could retype values. */
static int refuse_anchor_and_tag(struct builder *b, const yaml_char_t *anchor,
				 const yaml_char_t *tag, yaml_mark_t at)
{
	char text[YDOM_EXCERPT_LEN];

	if (anchor) {
		ydom_excerpt((const char *)anchor, text);
		return fail_at(b, MARK(at), "anchors are not allowed (found '&%s')", text);
	}
	if (tag) {
		ydom_excerpt((const char *)tag, text);
		return fail_at(b, MARK(at), "tags are not allowed (found '%s')", text);
	}
	return 0;
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const size_t len = ev->data.scalar.length;
	struct ydom_node *n;

	if (refuse_anchor_and_tag(b, ev->data.scalar.anchor, ev->data.scalar.tag, ev->start_mark))
		return -1;
	/* Every consumer takes C strings: a NUL would silently cut the text. */
	if (memchr(ev->data.scalar.value, '\0', len))
		return fail_at(b, MARK(ev->start_mark), "a NUL character is not allowed in a value");
	n = new_node(b, YDOM_SCALAR, ev->start_mark);
	if (!n)
		return -1;
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	n->text = malloc(len + 1);
	if (!n->text) {
		ydom_free(n);
		return fail_at(b, MARK(ev->start_mark), "out of memory");
	}
	memcpy(n->text, ev->data.scalar.value, len);
	n->text[len] = '\0';
	return attach(b, n);
}

static int on_collection_start(struct builder *b, const yaml_event_t *ev)
{
	const bool is_map = ev->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor
					   : ev->data.sequence_start.anchor;
	const yaml_char_t *tag = is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	struct ydom_node *n;

	if (refuse_anchor_and_tag(b, anchor, tag, ev->start_mark))
		return -1;
	if (b->depth == YDOM_MAX_DEPTH)
		return fail_at(b, MARK(ev->start_mark),
			       "lists and mappings nest deeper than %d levels", YDOM_MAX_DEPTH);
	n = new_node(b, is_map ? YDOM_MAP : YDOM_SEQ, ev->start_mark);
	if (!n || attach(b, n) != 0)
		return -1;
	b->open[b->depth++] = n;
	return 0;
}

struct key_ref {
	const struct ydom_node *key;
	unsigned index;             /* position among the mapping's keys */
};

static int cmp_key_ref(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	int c = strcmp(a->key->text, b->key->text);

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Report the earliest key that repeats an earlier one.  Sorting keeps this
 * O(n log n): a pairwise scan would let one large flow mapping stall the
 * loader.
 */
static int check_duplicate_keys(struct builder *b, const struct ydom_node *map)
{
	const unsigned n = ydom_map_size(map);
	const struct ydom_node *first = NULL, *dup = NULL;
	unsigned dup_index = n;
	struct key_ref *refs;
	char text[YDOM_EXCERPT_LEN];

	if (n < 2)
		return 0;
	refs = malloc(n * sizeof(*refs));
	if (!refs)
		return fail_at(b, map->line, map->col, "out of memory");
	for (unsigned i = 0; i < n; i++)
		refs[i] = (struct key_ref){ ydom_map_key(map, i), i };
	qsort(refs, n, sizeof(*refs), cmp_key_ref);
	/* Within a run of equal keys the first entry is the original. */
	for (unsigned i = 1, run = 0; i < n; i++) {
		if (strcmp(refs[i].key->text, refs[run].key->text) != 0) {
			run = i;
		} else if (refs[i].index < dup_index) {
			dup_index = refs[i].index;
			dup = refs[i].key;
			first = refs[run].key;
		}
	}
	free(refs);
	if (!dup)
		return 0;
	ydom_excerpt(dup->text, text);
	return fail_at(b, dup->line, dup->col, "duplicate key '%s' (first at line %u, column %u)",
		       text, first->line, first->col);
}

static int on_collection_end(struct builder *b)
{
	const struct ydom_node *n = b->open[--b->depth];

	return n->kind == YDOM_MAP ? check_duplicate_keys(b, n) : 0;
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
	char text[YDOM_EXCERPT_LEN];

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (b->documents++ > 0)
			return fail_at(b, MARK(ev->start_mark),
				       "a second YAML document; a file holds exactly one");
		return 0;
	case YAML_STREAM_END_EVENT:
		if (b->documents == 0)
			return fail_at(b, MARK(ev->start_mark), "the file holds no YAML document");
		return 0;
	case YAML_ALIAS_EVENT:
		ydom_excerpt((const char *)ev->data.alias.anchor, text);
		return fail_at(b, MARK(ev->start_mark), "aliases are not allowed (found '*%s')", text);
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(b, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_collection_end(b);
	default:
		return 0;
	}
}

/*
 * Reader errors carry a byte offset, not a mark: count lines and characters
 * up to it (UTF-8 continuation bytes do not start a character).
 */
static int fail_at_offset(struct builder *b, const unsigned char *buf, size_t len,
			  size_t offset, const char *problem)
{
	unsigned line = 1, col = 1;

	for (size_t i = 0; i < offset && i < len; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else if ((buf[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	return fail_at(b, line, col, "cannot read the text: %s", problem);
}

static int syntax_error(struct builder *b, const yaml_parser_t *p,
			const unsigned char *buf, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown problem";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return fail_at(b, 1, 1, "out of memory while parsing");
	case YAML_READER_ERROR:
		return fail_at_offset(b, buf, len, p->problem_offset, problem);
	default:
		break;
	}
	if (p->context)
		return fail_at(b, MARK(p->problem_mark),
			       "YAML syntax error: %s (%s that starts at line %u, column %u)",
			       problem, p->context, MARK(p->context_mark));
	return fail_at(b, MARK(p->problem_mark), "YAML syntax error: %s", problem);
}

int ydom_parse(const char *name, const unsigned char *buf, size_t len,
	       struct ydom_node **root, char *err, size_t err_len)
{
	struct builder b = { .name = name, .err = err, .err_len = err_len };
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0;

	*root = NULL;
	if (len > YDOM_MAX_BYTES)
		return fail_at(&b, 1, 1, "the file is larger than the %u MiB limit",
			       YDOM_MAX_BYTES >> 20);
	if (!yaml_parser_initialize(&parser))
		return fail_at(&b, 1, 1, "out of memory");
	/* libyaml asserts on a NULL input, even an empty one. */
	yaml_parser_set_input_string(&parser, buf ? buf : (const unsigned char *)"", len);
	for (;;) {
		yaml_event_type_t type;

		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(&b, &parser, buf, len);
			break;
		}
		type = ev.type;
		rc = on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (rc != 0 || type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	if (rc != 0) {
		ydom_free(b.root);
		return -1;
	}
	*root = b.root;
	return 0;
}

static int read_failed(const char *path, const char *what, FILE *f, unsigned char *data,
		       char *err, size_t err_len)
{
	snprintf(err, err_len, "%s: %s: %s", path, what, strerror(errno));
	if (f)
		fclose(f);
	free(data);
	return -1;
}

/*
 * The whole file, but never more than YDOM_MAX_BYTES + 1 bytes of it:
 * enough for ydom_parse() to see that it is too large.
 */
static int read_file(const char *path, unsigned char **buf, size_t *len,
		     char *err, size_t err_len)
{
	const size_t limit = YDOM_MAX_BYTES + 1;
	unsigned char *data = NULL;
	size_t used = 0, cap = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return read_failed(path, "cannot open", NULL, NULL, err, err_len);
	for (;;) {
		if (used == cap) {
			size_t grown = cap ? 2 * cap : 64 * 1024;
			unsigned char *bigger;

			if (cap == limit)
				break;
			grown = grown < limit ? grown : limit;
			bigger = realloc(data, grown);
			if (!bigger)
				return read_failed(path, "cannot read", f, data, err, err_len);
			data = bigger;
			cap = grown;
		}
		size_t n = fread(data + used, 1, cap - used, f);
		used += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		return read_failed(path, "cannot read", f, data, err, err_len);
	fclose(f);
	*buf = data;
	*len = used;
	return 0;
}

int ydom_load(const char *path, struct ydom_node **root, char *err, size_t err_len)
{
	unsigned char *buf;
	size_t len;
	int rc;

	*root = NULL;
	if (read_file(path, &buf, &len, err, err_len) != 0)
		return -1;
	rc = ydom_parse(path, buf, len, root, err, err_len);
	free(buf);
	return rc;
}
