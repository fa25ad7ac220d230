/* importout.c - rendering of imported documents as huibian Markdown and
 * the `huibian import` command (see import.h). */
#include "import.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "diag.h"
#include "output.h"
#include "xalloc.h"

/* Is cp printable for YAML 1.1 (which libyaml reads)?  Others must be
 * written as escapes even inside double quotes. */
static int yaml_printable(int32_t cp)
{
	return cp == 0x85 || (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void import_yaml_quote(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	int32_t cp;

	buf_putc(out, '"');
	while (i < len) {
		n = utf8_next(s + i, len - i, &cp);
		if (cp == '"' || cp == '\\')
			buf_printf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_puts(out, "\\n");
		else if (cp == '\t')
			buf_puts(out, "\\t");
		else if (!yaml_printable(cp))
			buf_printf(out, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)cp);
		else
			buf_put(out, s + i, n);
		i += n;
	}
	buf_putc(out, '"');
}

static int latin_at_end(const struct buf *b)
{
	char ch = b->len ? b->ptr[b->len - 1] : 0;
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == ',' || ch == '.' || ch == ';';
}

void import_join(struct buf *para, const char *line)
{
	char ch = line[0];
	int latin =
	    (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
	if (para->len && latin && latin_at_end(para))
		buf_putc(para, ' ');
	buf_puts(para, line);
}

/* Extract measure attributes; see import.h. */
void import_measure(struct buf *depts, struct buf *amount, const char *para)
{
	const char *a;
	struct buf sq = BUF_INIT;

	im_squeeze(&sq, para); /* "最高 300 万元" → "最高300万元" */
	para = sq.ptr;
	import_depts(depts, para);
	for (a = strstr(para, "最高"); a; a = strstr(a + 1, "最高")) {
		const char *p = a + 6;
		for (int i = 0; i < 6 && !(*p >= '0' && *p <= '9'); i++) {
			uint32_t cp;
			p += im_u8(p, &cp);
		}
		size_t n = strspn(p, "0123456789.");
		if (!n)
			continue;
		const char *u = p + n;
		const char *units[] = {"万元", "亿元", "元", NULL};
		for (int i = 0; units[i]; i++)
			if (im_starts_with(u, units[i])) {
				buf_puts(amount, "最高");
				buf_put(amount, p, n);
				buf_puts(amount, units[i]);
				goto out;
			}
	}
	for (a = strstr(para, "给予"); a; a = strstr(a + 1, "给予")) {
		const char *p = a + 6;
		size_t n = strspn(p, "0123456789.");
		if (n && (p[n] == '%' || im_starts_with(p + n, "％"))) {
			buf_puts(amount, "给予");
			buf_put(amount, p, n);
			buf_putc(amount, '%');
			p += n + (p[n] == '%' ? 1 : 3);
			if (im_starts_with(p, "补助") || im_starts_with(p, "补贴") ||
			    im_starts_with(p, "奖励"))
				buf_put(amount, p, 6);
			goto out;
		}
	}
out:
	buf_release(&sq);
}

/* Write an attribute value: no '"' (→ ”) and no "-->". */
static void attr_value(struct buf *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '"')
			buf_puts(out, "”");
		else if (im_starts_with(v, "-->"))
			v += 2;
		else
			buf_putc(out, *v);
	}
}

/* Rendering state of one document body. */
struct body {
	struct buf *out;
	struct buf para;
	int para_open;				   /* para may take a continuation line */
	int measures;				   /* measure comments wanted */
	int lv_zhang, lv_jie, lv_tiao, lv_1, lv_2; /* 0: not a heading */
	size_t wrap; /* display width of a full line of hard-wrapped text, 0 if none */
	const struct it_topics *topics; /* may be NULL */
	int last_full;			/* the last line was a full line of running text */
	int item_open; /* paragraphs go on with a numbered item that has no measure comment */
};

/* Append one measure attribute key="value". */
static void attr(struct buf *out, const char *key, const struct buf *v)
{
	if (!v->len)
		return;
	buf_printf(out, " %s=\"", key);
	attr_value(out, v->ptr);
	buf_putc(out, '"');
}

/* After a numbered paragraph of a measure document: the measure comment.
 * An item is a measure when it names responsible departments or an amount;
 * topics are added to such a measure when it clearly matches some (see
 * importtopic.c), but do not make an item a measure on their own.  A
 * paragraph that goes on with an item (numbered: 0) is one only when it
 * names departments: the responsibility note of an item whose text has a
 * paragraph break.  Returns 1 if a comment was written. */
static int measure_comment(struct body *b, int numbered)
{
	struct buf depts = BUF_INIT, amount = BUF_INIT, topics = BUF_INIT;
	int done = 0;

	import_measure(&depts, &amount, b->para.ptr);
	if (depts.len || (numbered && amount.len)) {
		if (b->topics)
			it_topics_match(&topics, b->topics, b->para.ptr);
		buf_puts(b->out, "<!-- measure");
		attr(b->out, "topics", &topics);
		attr(b->out, "depts", &depts);
		attr(b->out, "amount", &amount);
		buf_puts(b->out, " -->\n\n");
		done = 1;
	}
	buf_release(&depts);
	buf_release(&amount);
	buf_release(&topics);
	return done;
}

/* Write text as a Markdown paragraph, escaping what Markdown would read
 * as syntax at its start, and '<' before tags. */
static void put_escaped(struct buf *out, const char *t)
{
	size_t n = strspn(t, "0123456789");
	if (n && (t[n] == '.' || t[n] == ')')) {
		buf_put(out, t, n);
		buf_putc(out, '\\');
		t += n;
	} else if (strchr("#>-+*=|`", t[0]) && t[0]) {
		buf_putc(out, '\\');
	}
	for (; *t; t++) {
		if (*t == '<' && (t[1] == '!' || t[1] == '/' || (t[1] >= 'a' && t[1] <= 'z') ||
				  (t[1] >= 'A' && t[1] <= 'Z')))
			buf_puts(out, "&lt;");
		else
			buf_putc(out, *t);
	}
}

static void flush(struct body *b)
{
	size_t len;
	if (!b->para.len)
		return;
	put_escaped(b->out, b->para.ptr);
	buf_puts(b->out, "\n\n");
	if (b->measures && import_numbering(b->para.ptr, &len))
		b->item_open = !measure_comment(b, 1);
	else if (b->measures && b->item_open)
		b->item_open = !measure_comment(b, 0);
	buf_reset(&b->para);
	b->para_open = 0;
}

static void heading(struct body *b, int level, const char *text)
{
	struct buf t = BUF_INIT;
	flush(b);
	b->item_open = 0;
	im_squeeze(&t, text);
	while (im_ends_with(t.ptr, "。"))
		buf_truncate(&t, t.len - 3);
	for (int i = 0; i < level; i++)
		buf_putc(b->out, '#');
	buf_putc(b->out, ' ');
	buf_puts(b->out, t.ptr);
	buf_puts(b->out, "\n\n");
	buf_release(&t);
}

/* Write the tab-separated rows [a, e) of lines as a GFM table. */
static void table(struct body *b, const struct it_lines *ls, size_t a, size_t e)
{
	size_t cols = 0;
	flush(b);
	for (size_t i = a; i < e; i++)
		if (ls->v[i].junk == IT_KEEP && (size_t)ls->v[i].tabs + 1 > cols)
			cols = (size_t)ls->v[i].tabs + 1;
	for (size_t i = a, row = 0; i < e; i++) {
		const char *t = ls->v[i].text;
		size_t c = 0;
		if (ls->v[i].junk != IT_KEEP)
			continue;
		buf_putc(b->out, '|');
		for (; c < cols; c++) {
			size_t n = strcspn(t, "\t");
			buf_putc(b->out, ' ');
			for (size_t j = 0; j < n; j++)
				buf_puts(b->out, t[j] == '|'   ? "\\|"
						 : t[j] == '<' ? "&lt;"
							       : (char[]){t[j], 0});
			buf_puts(b->out, " |");
			t += n + (t[n] == '\t');
		}
		buf_putc(b->out, '\n');
		if (row++ == 0) {
			buf_putc(b->out, '|');
			for (c = 0; c < cols; c++)
				buf_puts(b->out, " --- |");
			buf_putc(b->out, '\n');
		}
	}
	buf_putc(b->out, '\n');
}

/* Is t a line that stands alone (date, signature, 附件, short title)?
 * After a line cut inside a sentence (in_sentence), an org name or a
 * title-like line is taken as the sentence going on instead. */
static int standalone(const char *t, const struct it_line *l, int in_sentence)
{
	struct im_date d;
	if (l->mdhead || im_date_line(&d, t) || im_starts_with(t, "附件") ||
	    im_starts_with(t, "（此件") || strcmp(t, "续表") == 0)
		return 1;
	return !in_sentence &&
	       (im_is_org(t) || (im_u8len(t) <= 40 && import_title_like(t) && !strstr(t, "，")));
}

/* Does t end inside a bracket: "…发展。（责任单位：", "就业人员（包括脱"? */
static int unclosed_bracket(const char *t)
{
	int depth = 0;
	for (; *t; t++)
		if (*t == '(' || im_starts_with(t, "（"))
			depth++;
		else if ((*t == ')' || im_starts_with(t, "）")) && depth > 0)
			depth--;
	return depth > 0;
}

/* Is t a short heading-like line (no sentence punctuation inside, no
 * bracket left open)? */
static int short_heading(const char *t, size_t maxchars)
{
	const char *stop = strstr(t, "。");
	return im_u8len(t) <= maxchars && (!stop || stop[3] == '\0') && !strstr(t, "；") &&
	       !strstr(t, "，") && !strstr(t, "：") && !unclosed_bracket(t);
}

/* Display width of t: 2 per wide (non-ASCII) character, 1 per ASCII one. */
static size_t text_width(const char *t)
{
	size_t w = 0, k;
	uint32_t cp;
	for (; (k = im_u8(t, &cp)) > 0; t += k)
		w += cp < 0x80 ? 1 : 2;
	return w;
}

/* The wrap width of the text lines [a, e): the most frequent display
 * width of the lines that end inside a sentence (cut by the layout), if
 * at least 5 such lines and a quarter of them share it; else 0. */
static size_t wrap_width(const struct it_lines *ls, size_t a, size_t e)
{
	size_t hist[201] = {0}, n = 0, best = 0;
	for (size_t i = a; i < e; i++) {
		const struct it_line *l = &ls->v[i];
		size_t w;
		if (l->junk != IT_KEEP || l->tabs || l->mdhead || import_ends_sentence(l->text))
			continue;
		w = text_width(l->text);
		if (w < 30 || w > 200)
			continue;
		hist[w]++;
		n++;
	}
	for (size_t w = 30; w <= 200; w++)
		if (hist[w] > hist[best])
			best = w;
	return hist[best] >= 5 && hist[best] * 4 >= n ? best : 0;
}

/* Does t end in punctuation after which a full line may still go on? */
static int wrap_cut(const char *t)
{
	return im_ends_with(t, "。") || im_ends_with(t, "；") || im_ends_with(t, "：");
}

/* Render one kept body line. */
static void body_line(struct body *b, const struct it_line *l)
{
	const char *t = l->text;
	size_t len, lab;
	int num = import_numbering(t, &len);

	if (b->lv_zhang && import_di_label(t, "章") && short_heading(t, 40)) {
		heading(b, b->lv_zhang, t);
		return;
	}
	if (b->lv_jie && import_di_label(t, "节") && short_heading(t, 40)) {
		heading(b, b->lv_jie, t);
		return;
	}
	if (b->lv_tiao && (lab = import_di_label(t, "条")) > 0) {
		struct buf h = BUF_INIT;
		buf_put(&h, t, lab);
		heading(b, b->lv_tiao, h.ptr);
		buf_release(&h);
		t += lab;
		while (*t == ' ')
			t++;
		if (!*t)
			return;
		buf_puts(&b->para, t);
		b->para_open = !import_ends_sentence(t);
		return;
	}
	if (num == 1 && b->lv_1 && short_heading(t, 40)) {
		heading(b, b->lv_1, t);
		return;
	}
	if (num == 2 && b->lv_2 && short_heading(t, 30)) {
		heading(b, b->lv_2, t);
		return;
	}
	/* After a line cut at 、 or ， or a full line of wrapped running text
	 * cut inside a word, no line stands alone: "…推动郑州、洛阳、" +
	 * "南阳等城市…对接国际高标准" is one sentence, not a title, and so is
	 * "支持河南万邦等" + "…专项行" + "动。…", not a bank. */
	int cont =
	    b->para_open && (im_ends_with(b->para.ptr, "、") || im_ends_with(b->para.ptr, "，") ||
			     b->last_full || unclosed_bracket(b->para.ptr));
	int alone = standalone(t, l, cont);
	if (num || alone || !b->para_open)
		flush(b);
	import_join(&b->para, t);
	/* A full line of hard-wrapped text ending in 。；： was cut at the
	 * wrap point: the paragraph may go on. */
	b->para_open = (!import_ends_sentence(t) || unclosed_bracket(b->para.ptr) ||
			(b->wrap && wrap_cut(t) && text_width(t) + 2 >= b->wrap)) &&
		       !alone;
	b->last_full = b->para_open && !import_ends_sentence(t) && b->wrap &&
		       text_width(t) + 4 >= b->wrap &&
		       (strstr(b->para.ptr, "，") || strstr(b->para.ptr, "。"));
}

/* Choose the heading scheme of a document from the numberings it uses. */
static void scheme(struct body *b, const struct it_lines *ls, size_t a, size_t e)
{
	int zhang = 0, jie = 0, tiao = 0, one = 0;
	size_t len;
	for (size_t i = a; i < e; i++) {
		const char *t = ls->v[i].text;
		if (ls->v[i].junk != IT_KEEP)
			continue;
		zhang |= import_di_label(t, "章") && short_heading(t, 40);
		jie |= import_di_label(t, "节") && short_heading(t, 40);
		tiao |= import_di_label(t, "条") > 0;
		one |= import_numbering(t, &len) == 1 && short_heading(t, 40);
	}
	b->lv_zhang = zhang ? 2 : 0;
	b->lv_jie = jie ? (zhang ? 3 : 2) : 0;
	b->lv_tiao = tiao ? (jie ? b->lv_jie + 1 : zhang ? 3 : 2) : 0;
	if (!tiao) {
		int base = zhang ? 3 : 2;
		b->lv_1 = one ? base : 0;
		b->lv_2 = one ? base + 1 : base;
	}
}

/* Are the rows [a, e) (kept lines with tab-separated cells) recognisably
 * a table: at least two rows have the most common number of cells, and
 * they are at least half of the rows (a caption or a row with merged
 * cells may have fewer)?  Else the cells are read as lines of text. */
static int table_like(const struct it_lines *ls, size_t a, size_t e)
{
	size_t rows = 0, best = 0, count[64] = {0};
	for (size_t i = a; i < e; i++) {
		if (ls->v[i].junk != IT_KEEP)
			continue;
		rows++;
		size_t k = ls->v[i].tabs < 63 ? (size_t)ls->v[i].tabs : 63;
		if (++count[k] > best)
			best = count[k];
	}
	return best >= 2 && best * 2 >= rows;
}

static void body_line(struct body *b, const struct it_line *l);

/* A row of cells that is not part of a table: each cell is a line of
 * text (web paragraphs exported as <p>…</p><p>…</p> on one line); cells
 * that run on are kept apart by a space. */
static void cells_as_text(struct body *b, const struct it_line *l)
{
	for (const char *p = l->text; *p;) {
		size_t n = strcspn(p, "\t");
		struct it_line one = *l;
		one.text = xstrndup(p, n);
		one.tabs = 0;
		if (*one.text)
			body_line(b, &one);
		free(one.text);
		p += n + (p[n] == '\t');
		if (*p && b->para_open && b->para.len)
			buf_putc(&b->para, ' '); /* cells of one line stay apart */
	}
}

static void body_render(struct buf *out, const struct import_comp *c, const struct import_doc *d)
{
	const struct it_lines *ls = &c->lines;
	struct body b = {out, BUF_INIT, 0, 0, 0, 0, 0, 0, 0, 0, &c->topics, 0, 0};
	const char *ak = d->attachment ? im_kind(d->attachment) : NULL;
	size_t e = d->last + 1;

	b.measures = (d->kind && (!strcmp(d->kind, "措施") || !strcmp(d->kind, "政策") ||
				  !strcmp(d->kind, "意见") || !strcmp(d->kind, "举措"))) ||
		     (ak && (!strcmp(ak, "措施") || !strcmp(ak, "政策") || !strcmp(ak, "意见") ||
			     !strcmp(ak, "举措")));
	scheme(&b, ls, d->body, e);
	b.wrap = wrap_width(ls, d->body, e);
	for (size_t i = d->body; i < e; i++) {
		if (ls->v[i].junk != IT_KEEP)
			continue;
		if (ls->v[i].tabs) {
			size_t j = i;
			while (j < e && (ls->v[j].junk != IT_KEEP || ls->v[j].tabs))
				j++;
			if (table_like(ls, i, j)) {
				table(&b, ls, i, j);
				i = j - 1;
			} else {
				cells_as_text(&b, &ls->v[i]);
			}
			continue;
		}
		body_line(&b, &ls->v[i]);
	}
	flush(&b);
	buf_release(&b.para);
}

static void fm_str(struct buf *out, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(out, "%s: ", key);
	import_yaml_quote(out, v);
	buf_putc(out, '\n');
}

static void fm_date(struct buf *out, const char *key, const struct im_date *d)
{
	char s[11];
	if (!d->y)
		return;
	im_date_format(s, d);
	buf_printf(out, "%s: %s\n", key, s);
}

/* Render a document file; see import.h. */
void import_render_doc(struct buf *out, const struct import_comp *c, const struct import_doc *d)
{
	buf_puts(out, "---\n");
	/* Every document needs a title: without one, its 发文字号 stands in,
	 * else a placeholder the publisher will see (check would refuse none). */
	fm_str(out, "title",
	       d->title && *d->title	 ? d->title
	       : d->number && *d->number ? d->number
					 : "（未识别标题）");
	fm_str(out, "number", d->number);
	if (d->issuers && *d->issuers) {
		buf_puts(out, "issuers:\n");
		for (const char *p = d->issuers; *p;) {
			size_t n = strcspn(p, "\n");
			char *one = xstrndup(p, n);
			buf_puts(out, "  - ");
			import_yaml_quote(out, one);
			buf_putc(out, '\n');
			free(one);
			p += n + (p[n] == '\n');
		}
	}
	fm_date(out, "signed", &d->signed_);
	fm_date(out, "effective", &d->effective);
	fm_date(out, "expires", &d->expires);
	fm_str(out, "level", d->level);
	fm_str(out, "kind", d->kind);
	fm_str(out, "section", d->section);
	buf_printf(out, "order: %d\n", d->order);
	if (!c->title_from_name)
		fm_str(out, "source", c->title);
	fm_str(out, "attachment", d->attachment);
	buf_puts(out, "---\n\n");
	body_render(out, c, d);
}

/* Render _index.md; see import.h. */
void import_render_index(struct buf *out, const struct import_comp *c, const char *editor,
			 const char *date)
{
	size_t end = c->ndocs ? c->docs[0].first : c->lines.n;
	struct body b = {out, BUF_INIT, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0};
	char ds[11];

	buf_puts(out, "---\n");
	fm_str(out, "title", c->title);
	fm_str(out, "editor", editor);
	if (date) {
		fm_str(out, "date", date);
	} else if (c->date.y) {
		im_date_format(ds, &c->date);
		buf_printf(out, "date: %s\n", ds);
	}
	if (c->sections && *c->sections) {
		buf_puts(out, "sections:\n");
		for (const char *p = c->sections; *p;) {
			size_t n = strcspn(p, "\n");
			char *one = xstrndup(p, n);
			buf_puts(out, "  - ");
			import_yaml_quote(out, one);
			buf_putc(out, '\n');
			free(one);
			p += n + (p[n] == '\n');
		}
	}
	buf_puts(out, "---\n\n");
	for (size_t i = 0; i < end; i++)
		if (c->lines.v[i].junk == IT_KEEP)
			body_line(&b, &c->lines.v[i]);
	flush(&b);
	buf_release(&b.para);
}

/* Write data to dir/name atomically (temporary file + rename). */
static int write_atomic(struct diag *dg, const char *dir, const char *name, const struct buf *data)
{
	struct buf tmp = BUF_INIT, dst = BUF_INIT;
	int fd, rc = -1;
	FILE *fp = NULL;

	buf_printf(&tmp, "%s/.import-XXXXXX", dir);
	buf_printf(&dst, "%s/%s", dir, name);
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		diag_error(dg, dst.ptr, 0, 0, "cannot create: %s", strerror(errno));
		goto out;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		unlink(tmp.ptr);
		diag_error(dg, dst.ptr, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	fwrite(data->ptr, 1, data->len, fp);
	if (fflush(fp) != 0 || ferror(fp) || fchmod(fd, 0644) != 0) {
		fclose(fp);
		unlink(tmp.ptr);
		diag_error(dg, dst.ptr, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	if (fclose(fp) != 0 || rename(tmp.ptr, dst.ptr) != 0) {
		unlink(tmp.ptr);
		diag_error(dg, dst.ptr, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	buf_release(&tmp);
	buf_release(&dst);
	return rc;
}

/* Read a whole file (at most max bytes). */
static int read_file(struct buf *out, struct diag *dg, const char *path, size_t max)
{
	FILE *fp = fopen(path, "rb");
	char tmp[65536];
	size_t n;
	int rc = 0;

	if (!fp) {
		diag_error(dg, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0) {
		buf_put(out, tmp, n);
		if (out->len > max) {
			diag_error(dg, path, 0, 0, "input too large (limit %zu MiB)", max >> 20);
			rc = -1;
			break;
		}
	}
	if (!rc && ferror(fp)) {
		diag_error(dg, path, 0, 0, "cannot read: %s", strerror(errno));
		rc = -1;
	}
	fclose(fp);
	return rc;
}

/* Is dir missing or empty?  Creates it when missing. */
static int prepare_dir(struct diag *dg, const char *dir, int force)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int used = 0;

	if (!dp) {
		if (errno != ENOENT || output_mkdirs(dir) != 0) { /* mkdir -p */
			diag_error(dg, dir, 0, 0, "cannot create output folder: %s",
				   strerror(errno));
			return -1;
		}
		return 0;
	}
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			used = 1;
	closedir(dp);
	if (used && !force) {
		diag_error(dg, dir, 0, 0, "output folder is not empty (use --force)");
		return -1;
	}
	return 0;
}

/* Where an input line went: its document index, or -1 for _index.md
 * (the cover before the first document, section headings), or -2 when it
 * was dropped as junk.  *doc is the index of the first document that does
 * not end before line i (advance it in line order). */
static long line_dest(const struct import_comp *c, size_t i, size_t *doc)
{
	const struct it_line *l = &c->lines.v[i];
	if (l->junk != IT_KEEP && l->junk != IT_BLANK)
		return -2;
	while (*doc < c->ndocs && c->docs[*doc].last < i)
		(*doc)++;
	if (*doc < c->ndocs && c->docs[*doc].first <= i)
		return (long)*doc;
	return -1;
}

static void report_dropped(FILE *fp, const struct it_line *l)
{
	fprintf(fp, "  dropped %s:%d: %s: %s\n", l->path, l->lineno, it_junk_name(l->junk),
		l->text);
}

/* Print the --report: the lines that went to _index.md (cover, section
 * headings), per document the input line range it took, each followed by
 * the lines dropped in it as junk (page numbers, running headers, web
 * debris, the table of contents; blank lines are only counted), and a
 * final check line "N lines in, M in documents, K in _index.md, J dropped
 * as junk" where N = M + K + J: every input line is accounted for.  A
 * kept line after the first document that is in none and is not a section
 * heading would be lost: it is listed as LOST and counted apart. */
static int report(FILE *fp, const struct import_comp *c)
{
	size_t in_docs = 0, in_index = 0, junk = 0, doc = 0, lost = 0;

	fprintf(fp, "_index.md: %s\n", c->title);
	for (size_t i = 0; i < c->lines.n; i++) {
		const struct it_line *l = &c->lines.v[i];
		long d = line_dest(c, i, &doc);
		if (d >= 0 && c->docs[d].first == i) {
			const struct import_doc *x = &c->docs[d];
			const struct it_line *z = &c->lines.v[x->last];
			fprintf(fp, "doc %d %s.md: %s:%d-%s%s%d %s\n", x->order, x->slug, l->path,
				l->lineno, l->path == z->path ? "" : z->path,
				l->path == z->path ? "" : ":", z->lineno, x->title);
		}
		if (d == -1 && l->junk == IT_KEEP && doc > 0 && !import_is_section(l->text)) {
			fprintf(fp, "  LOST %s:%d: %s\n", l->path, l->lineno, l->text);
			lost++;
			continue;
		}
		if (d == -1 && l->junk == IT_KEEP)
			fprintf(fp, "  _index.md %s:%d: %s\n", l->path, l->lineno, l->text);
		if (d == -2)
			report_dropped(fp, l);
		in_docs += d >= 0;
		in_index += d == -1;
		junk += d == -2;
	}
	fprintf(fp,
		"check: %zu lines in, %zu in documents, %zu in _index.md, %zu dropped as junk\n",
		c->lines.n, in_docs, in_index, junk);
	if (lost)
		fprintf(fp, "check: %zu lines LOST (in no document and not a section heading)\n",
			lost);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: huibian import FILE... --out DIR [--title T] [--editor E] "
			"[--date YYYY-MM-DD] [--topics SITE.YAML] [--force] [--report]\n");
	return 2;
}

struct opts {
	const char *out, *title, *editor, *date, *topics;
	int force, report;
	char **files;
	int nfiles;
};

/* Parse the command line into o; 0 or -1 (usage error printed). */
static int parse_opts(struct opts *o, int argc, char **argv)
{
	struct im_date d;
	size_t len;
	o->files = xcalloc((size_t)argc + 1, sizeof *o->files);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = !strcmp(a, "--out")	    ? &o->out
				   : !strcmp(a, "--title")  ? &o->title
				   : !strcmp(a, "--editor") ? &o->editor
				   : !strcmp(a, "--date")   ? &o->date
				   : !strcmp(a, "--topics") ? &o->topics
							    : NULL;
		if (val) {
			if (i + 1 >= argc)
				return -1;
			*val = argv[++i];
		} else if (!strcmp(a, "--force")) {
			o->force = 1;
		} else if (!strcmp(a, "--report")) {
			o->report = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "huibian import: unknown option %s\n", a);
			return -1;
		} else {
			o->files[o->nfiles++] = argv[i];
		}
	}
	if (!o->out || !o->nfiles)
		return -1;
	if (o->date && (im_date_parse(&d, &len, o->date) < 0 || o->date[len] || len != 10)) {
		fprintf(stderr, "huibian import: --date must be a real date YYYY-MM-DD\n");
		return -1;
	}
	return 0;
}

/* Write _index.md and the documents. */
static int write_all(struct diag *dg, const struct opts *o, const struct import_comp *c)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	import_render_index(&b, c, o->editor, o->date);
	rc |= write_atomic(dg, o->out, "_index.md", &b);
	for (size_t i = 0; i < c->ndocs && !rc; i++) {
		struct buf name = BUF_INIT;
		buf_reset(&b);
		import_render_doc(&b, c, &c->docs[i]);
		buf_printf(&name, "%s.md", c->docs[i].slug);
		rc |= write_atomic(dg, o->out, name.ptr, &b);
		buf_release(&name);
	}
	buf_release(&b);
	return rc;
}

#define IMPORT_MAX_INPUT ((size_t)64 << 20)

/* The site.yaml in the parent folder of the output folder out. */
static char *parent_site_yaml(const char *out)
{
	size_t n = strlen(out);
	struct buf b = BUF_INIT;

	while (n > 1 && out[n - 1] == '/')
		n--;
	while (n > 0 && out[n - 1] != '/')
		n--;
	if (n == 0)
		buf_puts(&b, "site.yaml");
	else
		buf_printf(&b, "%.*ssite.yaml", (int)n, out);
	return buf_detach(&b, NULL);
}

/* Load the topics for measures: from --topics (which must exist), else
 * from the site.yaml next to the output folder if there is one.  0 or -1. */
static int load_topics(struct it_topics *ts, struct diag *dg, const struct opts *o)
{
	char *path = o->topics ? xstrdup(o->topics) : parent_site_yaml(o->out);
	struct buf text = BUF_INIT;
	int rc = 0;

	if (!o->topics && access(path, F_OK) != 0)
		goto out;
	rc = read_file(&text, dg, path, IMPORT_MAX_INPUT);
	if (rc == 0)
		rc = it_topics_parse(ts, text.ptr, text.len, path, dg);
out:
	free(path);
	buf_release(&text);
	return rc;
}

int import_main(int argc, char **argv)
{
	struct opts o = {0};
	struct diag dg = DIAG_INIT;
	struct import_comp c = {0};
	struct buf raw = BUF_INIT, text = BUF_INIT;
	int rc = 1;

	if (parse_opts(&o, argc, argv) < 0) {
		free(o.files);
		return usage();
	}
	for (int i = 0; i < o.nfiles; i++) {
		buf_reset(&raw);
		buf_reset(&text);
		if (read_file(&raw, &dg, o.files[i], IMPORT_MAX_INPUT) < 0 ||
		    it_decode(&text, &dg, o.files[i], raw.ptr, raw.len) < 0)
			goto out;
		it_split(&c.lines, o.files[i], text.ptr);
	}
	buf_release(&raw);
	buf_release(&text);
	if (load_topics(&c.topics, &dg, &o) < 0)
		goto out;
	import_parse(&c, o.title);
	if (prepare_dir(&dg, o.out, o.force) < 0 || write_all(&dg, &o, &c) < 0)
		goto out;
	if (o.report && report(stdout, &c) < 0)
		goto out;
	rc = 0;
out:
	if (diag_flush(&dg, stderr) < 0)
		rc = 1;
	diag_release(&dg);
	buf_release(&raw);
	buf_release(&text);
	import_free(&c);
	free(o.files);
	return rc;
}
