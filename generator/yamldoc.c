/* yamldoc.c - libyaml events to a value tree; see yamldoc.h. */
#include "yamldoc.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct yload {
	yaml_parser_t parser;
	const char *text; /* the input, for positions of reader errors */
	size_t len;
	const char *path;
	int offset;
	struct diag *d;
};

static void yload_error(struct yload *y, yaml_mark_t mark, const char *msg)
{
	diag_error(y->d, y->path, (int)mark.line + 1 + y->offset, (int)mark.column + 1, "%s", msg);
}

/* Read the next event into ev; on a syntax error report it and return -1. */
static int yload_next(struct yload *y, yaml_event_t *ev)
{
	const char *why;

	if (yaml_parser_parse(&y->parser, ev))
		return 0;
	why = y->parser.problem ? y->parser.problem : "malformed YAML";
	if (y->parser.error == YAML_READER_ERROR) {
		/* reader errors carry a byte offset, not a mark */
		int line, col;
		size_t off = y->parser.problem_offset < y->len ? y->parser.problem_offset : y->len;
		utf8_check(y->text, y->len, &off); /* the first bad sequence, at its lead byte */
		utf8_position(y->text, off, &line, &col);
		diag_error(y->d, y->path, line + y->offset, col,
			   "YAML: %s (the text must be UTF-8)", why);
		return -1;
	}
	diag_error(y->d, y->path, (int)y->parser.problem_mark.line + 1 + y->offset,
		   (int)y->parser.problem_mark.column + 1, "YAML: %s%s%s", why,
		   y->parser.context ? " " : "", y->parser.context ? y->parser.context : "");
	return -1;
}

/* Is s (plain, len bytes) a JSON/YAML number? Only [0-9+-.eE], as strtod
 * alone would also take "inf", "nan" and hex. */
static int is_number(const char *s, size_t len, double *out)
{
	char *end;
	size_t i;

	if (!len || strspn(s, "0123456789+-.eE") != len)
		return 0;
	for (i = 0; i < len && !(s[i] >= '0' && s[i] <= '9'); i++)
		;
	if (i == len)
		return 0;
	*out = strtod(s, &end);
	return end == s + len;
}

static struct value *yload_scalar(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct value *v;
	double num;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || ev->data.scalar.tag)
		return value_stringn(s, len);
	if (len == 0 || strcmp(s, "null") == 0 || strcmp(s, "~") == 0)
		return value_null();
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
		return value_bool(s[0] == 't');
	if (is_number(s, len, &num)) {
		v = value_stringn(s, len);
		v->type = VALUE_NUMBER;
		v->number = num;
		return v;
	}
	return value_stringn(s, len);
}

static struct value *yload_node(struct yload *y, yaml_event_t *ev, int depth);

/* Read the items of a sequence or mapping until its end event. */
static int yload_children(struct yload *y, struct value *v, int depth)
{
	yaml_event_t ev, kev;
	struct value *child;
	int rc = -1;

	for (;;) {
		if (yload_next(y, &kev) < 0)
			return -1;
		if (kev.type == YAML_SEQUENCE_END_EVENT || kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			return 0;
		}
		if (v->type == VALUE_LIST) {
			child = yload_node(y, &kev, depth + 1);
			if (!child)
				return -1;
			value_push(v, child);
			continue;
		}
		if (kev.type != YAML_SCALAR_EVENT) {
			yload_error(y, kev.start_mark, "mapping keys must be plain text");
			yaml_event_delete(&kev);
			return -1;
		}
		if (value_get(v, (const char *)kev.data.scalar.value)) {
			yload_error(y, kev.start_mark, "duplicate key");
			yaml_event_delete(&kev);
			return -1;
		}
		if (yload_next(y, &ev) < 0) {
			yaml_event_delete(&kev);
			return -1;
		}
		child = yload_node(y, &ev, depth + 1);
		if (child) {
			value_set(v, (const char *)kev.data.scalar.value, child);
			v->key_line[v->n - 1] = (int)kev.start_mark.line + 1 + y->offset;
			v->key_col[v->n - 1] = (int)kev.start_mark.column + 1;
		}
		yaml_event_delete(&kev);
		if (!child)
			return rc;
	}
}

/* Build the node that starts with ev (consumed here). NULL on error. */
static struct value *yload_node(struct yload *y, yaml_event_t *ev, int depth)
{
	struct value *v = NULL;

	if (depth > YAMLDOC_MAX_DEPTH) {
		yload_error(y, ev->start_mark, "YAML nested too deeply");
		goto out;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = yload_scalar(ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		v = value_new(ev->type == YAML_SEQUENCE_START_EVENT ? VALUE_LIST : VALUE_MAP);
		v->line = (int)ev->start_mark.line + 1 + y->offset;
		v->col = (int)ev->start_mark.column + 1;
		if (yload_children(y, v, depth) < 0) {
			value_free(v);
			v = NULL;
		}
		goto out;
	case YAML_ALIAS_EVENT:
		yload_error(y, ev->start_mark, "YAML aliases (*name) are not supported");
		goto out;
	default:
		yload_error(y, ev->start_mark, "unexpected YAML event");
		goto out;
	}
	v->line = (int)ev->start_mark.line + 1 + y->offset;
	v->col = (int)ev->start_mark.column + 1;
out:
	yaml_event_delete(ev);
	return v;
}

/* Skip stream/document start events and load the document's root node. */
static struct value *yload_document(struct yload *y)
{
	yaml_event_t ev;
	struct value *root = NULL;

	for (;;) {
		if (yload_next(y, &ev) < 0)
			return NULL;
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return value_null();
		}
		root = yload_node(y, &ev, 0);
		break;
	}
	if (!root)
		return NULL;
	if (yload_next(y, &ev) < 0)
		goto fail;
	if (ev.type != YAML_DOCUMENT_END_EVENT) {
		yload_error(y, ev.start_mark, "more than one YAML document");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	if (yload_next(y, &ev) < 0)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		yload_error(y, ev.start_mark, "more than one YAML document");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	return root;
fail:
	value_free(root);
	return NULL;
}

int yamldoc_parse(struct value **out, const char *text, size_t len, const char *path,
		  int line_offset, struct diag *d)
{
	struct yload y;
	int errors = d->errors;

	*out = NULL;
	memset(&y, 0, sizeof(y));
	y.path = path;
	y.text = text;
	y.len = len;
	y.offset = line_offset;
	y.d = d;
	if (!yaml_parser_initialize(&y.parser)) {
		diag_error(d, path, line_offset + 1, 1, "cannot initialise the YAML parser");
		return -1;
	}
	yaml_parser_set_encoding(&y.parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
	*out = yload_document(&y);
	yaml_parser_delete(&y.parser);
	if (!*out && d->errors == errors)
		diag_error(d, path, line_offset + 1, 1, "malformed YAML");
	return *out ? 0 : -1;
}
