/* import.c - document segmentation and metadata for `huibian import`
 * (see import.h).  Rendering and the command live in importout.c. */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define MAX_TITLE_LINES 6
#define MAX_SIGNATURE_LINES 40 /* joint documents of 20 or more bodies */

/* Shorthands over the kept (non-junk) lines. */
struct seg {
	struct import_comp *c;
	size_t *k; /* indexes of kept lines */
	size_t nk;
	size_t floor;	 /* kept position before which no title may start */
	struct buf secs; /* section names, one per line */
};

static const char *T(const struct seg *s, size_t p)
{
	return s->c->lines.v[s->k[p]].text;
}

static const struct it_line *L(const struct seg *s, size_t p)
{
	return &s->c->lines.v[s->k[p]];
}

/* Does s end with sentence-final punctuation? */
int import_ends_sentence(const char *s)
{
	static const char *const p[] = {"。", "；", "！", "？", "：", ";",
					":",  "!",  "?",  "…",	NULL};
	for (int i = 0; p[i]; i++)
		if (im_ends_with(s, p[i]))
			return 1;
	return 0;
}

/* Chinese numeral characters used in 一、 第X条 etc. */
static size_t han_numeral(const char *s)
{
	static const char *const d[] = {"一", "二", "三", "四", "五", "六", "七", "八",
					"九", "十", "百", "零", "〇", "两", NULL};
	size_t n = 0;
	for (;;) {
		int hit = 0;
		for (int i = 0; d[i]; i++)
			if (im_starts_with(s + n, d[i])) {
				n += strlen(d[i]);
				hit = 1;
				break;
			}
		if (!hit)
			return n;
	}
}

/* If s starts with 第X<unit> (unit 章 节 条 编 部分), return the length of
 * that label. */
size_t import_di_label(const char *s, const char *unit)
{
	size_t n;
	if (!im_starts_with(s, "第"))
		return 0;
	n = 3 + han_numeral(s + 3);
	if (n == 3)
		return 0;
	while (s[n] == ' ')
		n++;
	return im_starts_with(s + n, unit) ? n + strlen(unit) : 0;
}

/* Numbering at the start of s: 1 for 一、, 2 for （一）, 3 for 1. / 1、,
 * 4 for （1）; 0 if none.  *len receives the label length. */
/* Length in bytes of 1 to 3 digits at s, ASCII or full-width ("４."),
 * 0 if none or more. */
static size_t digits_len(const char *s)
{
	size_t n = 0;
	int k;
	for (k = 0; k < 4; k++) {
		const unsigned char *u = (const unsigned char *)s + n;
		if (u[0] >= '0' && u[0] <= '9')
			n++;
		else if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
			n += 3;
		else
			break;
	}
	return k >= 1 && k <= 3 ? n : 0;
}

int import_numbering(const char *s, size_t *len)
{
	size_t n = han_numeral(s);
	if (n && (im_starts_with(s + n, "、") || im_starts_with(s + n, "．"))) {
		*len = n + 3;
		return 1;
	}
	if (im_starts_with(s, "（") || s[0] == '(') {
		size_t o = s[0] == '(' ? 1 : 3, m;
		while (s[o] == ' ')
			o++;
		m = han_numeral(s + o);
		int kind = m ? 2 : 4;
		if (!m)
			while (s[o + m] >= '0' && s[o + m] <= '9')
				m++;
		if (!m)
			return 0;
		o += m;
		while (s[o] == ' ')
			o++;
		if (im_starts_with(s + o, "）") || s[o] == ')') {
			*len = o + (s[o] == ')' ? 1 : 3);
			return kind;
		}
		return 0;
	}
	n = digits_len(s);
	if (n && (s[n] == '.' || im_starts_with(s + n, "、") || im_starts_with(s + n, "．")) &&
	    !(s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9')) {
		*len = n + (s[n] == '.' ? 1 : 3);
		return 3;
	}
	return 0;
}

/* Is s the heading of a compilation section (一、国家惠企政策汇编, 【…】)? */
int import_is_section(const char *s)
{
	size_t len, n = im_u8len(s);
	if (n > 30)
		return 0;
	if (im_starts_with(s, "【") && im_ends_with(s, "】"))
		return 1;
	return import_numbering(s, &len) == 1 &&
	       (im_ends_with(s, "汇编") || im_ends_with(s, "政策汇编"));
}

/* A 发文字号 line (possibly followed by a date); on success the number is
 * appended to no and *date gets the date (y == 0 if none).  *used is set to
 * the number of kept lines taken (1, or 2 for 令 / 公告 split in two). */
static int docno_at(const struct seg *s, size_t p, struct buf *no, struct im_date *date, int *used)
{
	const char *rest;
	struct buf tmp = BUF_INIT;
	int rc = -1;

	date->y = 0;
	*used = 1;
	if (im_docno_parse(no, &rest, T(s, p)) == 0) {
		if (*rest == '\0' || im_date_line(date, rest) ||
		    strcmp(rest, "（此件公开发布）") == 0)
			return 0;
		buf_reset(no);
		return -1;
	}
	if (p + 1 < s->nk && im_docno_head(T(s, p))) {
		buf_puts(&tmp, T(s, p));
		buf_puts(&tmp, T(s, p + 1));
		if (im_docno_parse(no, &rest, tmp.ptr) == 0) {
			if (*rest == '\0' || im_date_line(date, rest)) {
				*used = 2;
				rc = 0;
			} else {
				buf_reset(no);
			}
		}
	}
	buf_release(&tmp);
	return rc;
}

/* Does kept line p end a title block backwards (cannot be a title line)? */
static int title_stop(const struct seg *s, size_t p)
{
	const char *t = T(s, p);
	struct im_date d;
	struct buf no = BUF_INIT;
	const char *rest;
	size_t len;
	int stop = import_ends_sentence(t) || im_date_line(&d, t) || import_is_section(t) ||
		   L(s, p)->tabs > 0 || im_starts_with(t, "附件") || im_starts_with(t, "（此件") ||
		   (im_u8len(t) > 60 && !(im_u8len(t) < 160 && import_title_like(t))) ||
		   import_di_label(t, "条") || import_di_label(t, "章") ||
		   im_docno_parse(&no, &rest, t) == 0 || (import_numbering(t, &len) && len);
	buf_release(&no);
	return stop;
}

/* Collect the title block ending at kept position end (inclusive) going
 * backwards; returns the first position, or end + 1 if there is none. */
static size_t title_back(const struct seg *s, size_t end)
{
	size_t first = end + 1;
	int n = 0;

	for (size_t p = end + 1; p-- > s->floor && n < MAX_TITLE_LINES;) {
		if (title_stop(s, p))
			break;
		first = p;
		n++;
		if (L(s, p)->lead || L(s, p)->mdhead)
			break;
	}
	return first;
}

/* Join kept lines [a, b] squeezed (layout spaces removed). */
static char *join_lines(const struct seg *s, size_t a, size_t b)
{
	struct buf t = BUF_INIT;
	for (size_t p = a; p <= b; p++)
		im_squeeze(&t, T(s, p));
	return buf_detach(&t, NULL);
}

/* Is the text a plausible title: ends with a 文种, no sentence
 * punctuation, not too long? */
int import_title_like(const char *t)
{
	size_t n = im_u8len(t);
	return n >= 4 && n <= 120 && im_kind(t) && !strstr(t, "。") && !strstr(t, "；") &&
	       !import_ends_sentence(t);
}

/* Is kept line p the start of a recipients line (各…：), possibly wrapped
 * over up to three lines?  Returns the number of lines, 0 if not. */
static int recipients_at(const struct seg *s, size_t p)
{
	const char *t = T(s, p);
	if (!(im_starts_with(t, "各") || (strstr(t, "各") && strstr(t, "、")) ||
	      (strstr(t, "、") && im_u8len(t) < 70 && im_ends_with(t, "："))))
		return 0;
	for (size_t q = p; q < s->nk && q < p + 3; q++) {
		const char *u = T(s, q);
		if (im_ends_with(u, "：") || im_ends_with(u, ":"))
			return (int)(q - p + 1);
		if (import_ends_sentence(u) || im_u8len(u) > 80)
			return 0;
	}
	return 0;
}

/* Normalise a title candidate for comparison with an attachment name:
 * squeezed, without 《》 and brackets. */
static char *norm_name(const char *t)
{
	struct buf b = BUF_INIT;
	uint32_t cp;
	size_t k;
	for (; (k = im_u8(t, &cp)) > 0; t += k)
		if (!im_is_space(cp) && cp != 0x300A && cp != 0x300B && cp != 0xFF08 &&
		    cp != 0xFF09 && cp != '(' && cp != ')' && cp != 0x201C && cp != 0x201D)
			buf_put(&b, t, k);
	return buf_detach(&b, NULL);
}

/* A document header being built during segmentation (kept positions). */
struct cand {
	size_t tfirst, tlast; /* title lines; tfirst > tlast if none */
	size_t start, body;   /* first kept line of the document, first body line */
	struct buf no;	      /* 发文字号 */
	struct im_date date;  /* date printed in the header, if any */
};

/* The kept position after a bracketed note starting at kept position p
 * ("(2024年4月8日…令第225号公布自2024年" / "5月1日起施行)"), which may be
 * wrapped over up to three lines. */
static size_t note_end(const struct seg *s, size_t p)
{
	int depth = 0;
	for (size_t q = p; q < s->nk && q < p + 3; q++) {
		uint32_t cp;
		size_t k;
		for (const char *t = T(s, q); (k = im_u8(t, &cp)) > 0; t += k)
			depth += (cp == '(' || cp == 0xFF08) - (cp == ')' || cp == 0xFF09);
		if (depth <= 0)
			return q + 1;
	}
	return p + 1;
}

/* Try the anchors at kept position p; fill cand and return 1 on a new
 * document.  cur is the current document (NULL before the first). */
static int header_at(const struct seg *s, size_t p, struct cand *cd, const char *attach,
		     size_t cur_body)
{
	int used, r;
	size_t tf;
	char *t = NULL;

	buf_reset(&cd->no);
	/* a) a 发文字号 line under a title */
	if (docno_at(s, p, &cd->no, &cd->date, &used) == 0) {
		tf = p > 0 ? title_back(s, p - 1) : p;
		if (p == 0 || tf > p - 1)
			tf = p;
		/* the title is lines [tf, p - 1]; none when the number is the very
		 * first line (tfirst > tlast marks an empty range) */
		cd->tfirst = p > 0 ? tf : 1;
		cd->tlast = p > 0 ? p - 1 : 0;
		cd->start = tf < p ? tf : p;
		cd->body = p + (size_t)used;
		if (!cd->date.y && cd->body < s->nk && im_date_line(&cd->date, T(s, cd->body)))
			cd->body++;
		return 1;
	}
	if (p == 0 || p <= s->floor)
		goto page_title;
	tf = title_back(s, p - 1);
	if (tf <= p - 1)
		t = join_lines(s, tf, p - 1);
	/* b) a note "（…令第N号公布…）" under a title */
	if (t && import_title_like(t) && (im_starts_with(T(s, p), "（") || T(s, p)[0] == '(') &&
	    (strstr(T(s, p), "公布") || strstr(T(s, p), "施行") || strstr(T(s, p), "通过")) &&
	    im_docno_find(&cd->no, T(s, p)) == 0) {
		size_t len;
		if (!im_date_find(&cd->date, &len, T(s, p)))
			cd->date.y = 0;
		cd->tfirst = cd->start = tf;
		cd->tlast = p - 1;
		cd->body = note_end(s, p);
		free(t);
		return 1;
	}
	/* c) a recipients line under a title */
	if (t && import_title_like(t) && (strstr(t, "关于") || strstr(t, "印发")) &&
	    (r = recipients_at(s, p)) > 0) {
		cd->tfirst = cd->start = tf;
		cd->tlast = p - 1;
		cd->body = p;
		cd->date.y = 0;
		free(t);
		return 1;
	}
	free(t);
page_title:
	/* d) a title at the top of a page or as a heading, after a finished text */
	if (!(L(s, p)->lead || L(s, p)->mdhead) || p < cur_body + 3 || title_stop(s, p))
		return 0;
	if (p > 0 && !(import_ends_sentence(T(s, p - 1)) || im_date_line(&cd->date, T(s, p - 1)) ||
		       im_starts_with(T(s, p - 1), "（此件") || import_is_section(T(s, p - 1))))
		return 0;
	if ((p > 0 && im_starts_with(T(s, p - 1), "附件")) ||
	    (p > 1 && im_starts_with(T(s, p - 2), "附件")))
		return 0;
	for (size_t q = p; q < s->nk && q < p + 3; q++) {
		if (q > p && (title_stop(s, q) || L(s, q)->lead))
			return 0;
		t = join_lines(s, p, q);
		int ok = import_title_like(t) && !strstr(t, "，") &&
			 (strstr(t, "关于") || im_starts_with(t, "《") || im_u8len(t) <= 40);
		char *nt = norm_name(t), *na = attach ? norm_name(attach) : NULL;
		if (ok && na && (strcmp(nt, na) == 0 || strstr(nt, na)))
			ok = 0;
		free(nt);
		free(na);
		free(t);
		if (ok) {
			struct im_date d;
			int used2;
			struct buf tmp = BUF_INIT;
			for (size_t r = q + 1; r < s->nk && r <= q + 3; r++)
				if (docno_at(s, r, &tmp, &d, &used2) == 0 || recipients_at(s, r)) {
					buf_release(&tmp);
					return 0;
				}
			buf_release(&tmp);
			cd->tfirst = cd->start = p;
			cd->tlast = q;
			cd->body = q + 1;
			cd->date.y = 0;
			if (q + 1 < s->nk &&
			    (im_starts_with(T(s, q + 1), "（") || T(s, q + 1)[0] == '(') &&
			    im_docno_find(&cd->no, T(s, q + 1)) == 0) {
				size_t len;
				if (!im_date_find(&cd->date, &len, T(s, q + 1)))
					cd->date.y = 0;
				cd->body = note_end(s, q + 1);
			} else if (q + 1 < s->nk && !L(s, q + 1)->lead &&
				   (im_starts_with(T(s, q + 1), "（") || T(s, q + 1)[0] == '(') &&
				   im_date_line(&cd->date, T(s, q + 1))) {
				cd->body = q + 2; /* "（2024年5月6日）": the date of adoption */
			}
			return 1;
		}
	}
	return 0;
}

/* The transmitted text of a 印发/转发/发布 title: the part in 《》, else the
 * part between 印发 and 的通知.  NULL if none. */
static char *attachment_of(const char *title)
{
	const char *a = strstr(title, "《"), *b;
	if (!strstr(title, "印发") && !strstr(title, "转发") && !strstr(title, "发布") &&
	    !strstr(title, "公布"))
		return NULL;
	if (a && (b = strstr(a, "》")) != NULL)
		return xstrndup(a + 3, (size_t)(b - a - 3));
	const char *w = strstr(title, "印发"), *e = NULL;
	if (!w)
		w = strstr(title, "转发");
	if (!w)
		return NULL;
	for (const char *q = strstr(w, "的"); q; q = strstr(q + 1, "的"))
		e = q;
	if (e && e > w + 6)
		return xstrndup(w + 6, (size_t)(e - w - 6));
	return NULL;
}

/* A title as printed, with the half-width brackets of text extraction
 * turned into the full-width ones of the printed page: "规划(2021—2025年)"
 * → "规划（2021—2025年）".  Takes ownership of t; returns the new string. */
static char *title_brackets(char *t)
{
	struct buf b = BUF_INIT;
	for (const char *q = t; *q; q++) {
		if (*q == '(')
			buf_puts(&b, "（");
		else if (*q == ')')
			buf_puts(&b, "）");
		else
			buf_putc(&b, *q);
	}
	free(t);
	return buf_detach(&b, NULL);
}

/* Add a document for the header cd; the previous one ends before it. */
static void add_doc(struct seg *s, const struct cand *cd, const char *section)
{
	struct import_comp *c = s->c;
	struct import_doc *d;

	c->docs = xreallocarray(c->docs, c->ndocs + 1, sizeof *c->docs);
	d = &c->docs[c->ndocs++];
	memset(d, 0, sizeof *d);
	d->order = (int)c->ndocs;
	d->first = s->k[cd->start];
	d->body = cd->body < s->nk ? s->k[cd->body] : c->lines.n;
	d->last = c->lines.n - 1;
	if (c->ndocs > 1 && c->docs[c->ndocs - 2].last >= d->first)
		c->docs[c->ndocs - 2].last = d->first - 1;
	struct buf raw = BUF_INIT;
	if (cd->tfirst <= cd->tlast) {
		d->title = title_brackets(join_lines(s, cd->tfirst, cd->tlast));
		for (size_t p = cd->tfirst; p <= cd->tlast; p++) {
			buf_puts(&raw, T(s, p));
			buf_putc(&raw, ' ');
		}
	} else {
		d->title = xstrdup("");
	}
	d->raw_title = buf_detach(&raw, NULL);
	d->number = cd->no.len ? xstrdup(cd->no.ptr) : NULL;
	d->signed_ = cd->date;
	d->section = section ? xstrdup(section) : NULL;
	d->attachment = attachment_of(d->title);
	d->kind = im_kind(d->title);
}

/* Is the header cd (without a 发文字号) one of the attachments listed in the
 * 附件： lines of the current document, whose body starts at kept position
 * body?  Such a text (e.g. the ministry notice a provincial notice
 * transmits) belongs to the current document.  Compares the title from its
 * 关于 on with the list, both normalised. */
static int listed_attachment(const struct seg *s, size_t body, const struct cand *cd)
{
	size_t q = cd->start, e;
	int hit = 0;

	if (cd->no.len || cd->tfirst > cd->tlast)
		return 0;
	while (q > body && !im_starts_with(T(s, q - 1), "附件：") &&
	       !im_starts_with(T(s, q - 1), "附件:"))
		q--;
	if (q == body)
		return 0;
	struct buf list = BUF_INIT;
	struct im_date d;
	for (e = q - 1; e < cd->start && e < q + 6 && !im_date_line(&d, T(s, e)); e++)
		buf_puts(&list, T(s, e));
	char *t = join_lines(s, cd->tfirst, cd->tlast);
	const char *core = strstr(t, "关于") ? strstr(t, "关于") : t;
	char *nl = norm_name(list.ptr), *nc = norm_name(core);
	hit = im_u8len(nc) >= 6 && strstr(nl, nc) != NULL;
	free(nl);
	free(nc);
	free(t);
	buf_release(&list);
	return hit;
}

/* Split the kept lines into documents (see import.h). */
static void segment(struct seg *s)
{
	struct cand cd = {0};
	char *section = NULL;
	size_t cur_body = 0;

	cd.no = (struct buf)BUF_INIT;
	for (size_t p = 0; p < s->nk; p++) {
		if (import_is_section(T(s, p))) {
			struct buf b = BUF_INIT;
			im_squeeze(&b, T(s, p));
			free(section);
			if (im_starts_with(b.ptr, "【") && im_ends_with(b.ptr, "】") && b.len > 6) {
				section = xstrndup(b.ptr + 3, b.len - 6); /* 【省政府部门文件】 */
				buf_release(&b);
			} else {
				section = buf_detach(&b, NULL);
			}
			if (s->c->ndocs)
				s->c->docs[s->c->ndocs - 1].last = s->k[p] - 1;
			buf_puts(&s->secs, section);
			buf_putc(&s->secs, '\n');
			s->floor = p + 1;
			continue;
		}
		const char *att = s->c->ndocs ? s->c->docs[s->c->ndocs - 1].attachment : NULL;
		if (!header_at(s, p, &cd, att, s->c->ndocs ? cur_body : 0))
			continue;
		if (s->c->ndocs && listed_attachment(s, cur_body, &cd))
			continue;
		add_doc(s, &cd, section);
		cur_body = cd.body;
		s->floor = cd.body;
		p = cd.body - 1;
	}
	free(section);
	buf_release(&cd.no);
}

/* Signature: the lines of body names right above kept line p (the signed
 * date), each possibly holding several names separated by spaces.
 * Appends them to out one per line; returns how many. */
static int signature_before(struct buf *out, const struct seg *s, size_t p, size_t body)
{
	size_t top = p;
	int n = 0;

	while (top > body && p - top < MAX_SIGNATURE_LINES) {
		const char *t = T(s, top - 1);
		struct buf one = BUF_INIT;
		int all = 1, any = 0;
		for (const char *q = t; *q && all;) {
			uint32_t cp;
			size_t k;
			buf_reset(&one);
			while ((k = im_u8(q, &cp)) > 0 && im_is_space(cp))
				q += k;
			while ((k = im_u8(q, &cp)) > 0 && !im_is_space(cp)) {
				buf_put(&one, q, k);
				q += k;
			}
			if (one.len)
				all = im_is_org(one.ptr), any = 1;
		}
		buf_release(&one);
		if (!all || !any)
			break;
		top--;
	}
	for (size_t q = top; q < p; q++) {
		const char *t = T(s, q);
		while (*t) {
			uint32_t cp;
			size_t k;
			const char *b;
			while ((k = im_u8(t, &cp)) > 0 && im_is_space(cp))
				t += k;
			b = t;
			while ((k = im_u8(t, &cp)) > 0 && !im_is_space(cp))
				t += k;
			if (t > b) {
				buf_put(out, b, (size_t)(t - b));
				buf_putc(out, '\n');
				n++;
			}
		}
	}
	return n;
}

/* Move the line equal to lead to the front of the newline-separated list. */
static void lead_first(struct buf *list, const char *lead)
{
	size_t n = strlen(lead);
	char *hit;
	if (!n || im_starts_with(list->ptr, lead))
		return;
	for (hit = strstr(list->ptr, lead); hit; hit = strstr(hit + 1, lead))
		if (hit[-1] == '\n' && hit[n] == '\n')
			break;
	if (!hit)
		return;
	struct buf b = BUF_INIT;
	buf_put(&b, lead, n);
	buf_putc(&b, '\n');
	buf_put(&b, list->ptr, (size_t)(hit - list->ptr));
	buf_puts(&b, hit + n + 1);
	buf_set(list, b.ptr, b.len);
	buf_release(&b);
}

/* Number of years in 有效期N年 / 有效期为三年 at s (after 有效期); 0 if none. */
static int validity_years(const char *s)
{
	const char *p = s;
	int n;
	if (im_starts_with(p, "为"))
		p += 3;
	p += strspn(p, " ");
	n = atoi(p);
	if (n > 0)
		p += strspn(p, "0123456789");
	else {
		static const char *const d[] = {"一", "二", "三", "四", "五", "六",
						"七", "八", "九", "十", NULL};
		for (int i = 0; d[i]; i++)
			if (im_starts_with(p, d[i])) {
				n = i + 1;
				p += 3;
				break;
			}
		if (im_starts_with(p, "两")) {
			n = 2;
			p += 3;
		}
	}
	p += strspn(p, " ");
	return n > 0 && n < 100 && im_starts_with(p, "年") ? n : 0;
}

/* effective and expires from the body text (squeezed). */
static void dates_from_text(struct import_doc *d, const char *text)
{
	static const char *const from_sign[] = {"自印发之日起", "自发布之日起", "自公布之日起",
						"自下发之日起", "自签发之日起", NULL};
	struct im_date dt;
	size_t len;

	for (int i = 0; from_sign[i] && !d->effective.y; i++)
		if (strstr(text, from_sign[i]))
			d->effective = d->signed_;
	for (const char *p = strstr(text, "自"); p && !d->effective.y; p = strstr(p + 1, "自"))
		if (im_date_parse(&dt, &len, p + 3) == 0 &&
		    (im_starts_with(p + 3 + len, "起施行") ||
		     im_starts_with(p + 3 + len, "起实施") ||
		     im_starts_with(p + 3 + len, "起执行") ||
		     im_starts_with(p + 3 + len, "起开始施行")))
			d->effective = dt;
	const char *q = strstr(text, "有效期至");
	if (q && im_date_parse(&dt, &len, q + 12) == 0) {
		d->expires = dt;
	} else if ((q = strstr(text, "有效期")) != NULL && d->effective.y) {
		int n = validity_years(q + 9);
		if (n)
			d->expires = im_date_add(d->effective, n, -1);
	}
}

/* First kept position whose line index is >= raw. */
static size_t kpos(const struct seg *s, size_t raw)
{
	size_t lo = 0, hi = s->nk;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->k[mid] < raw)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The authority of a 令/公告 number ("郑州市人民政府令第245号" →
 * "郑州市人民政府"), appended with a newline; 0 or 1. */
static int authority_of(struct buf *out, const char *no)
{
	const char *e = strstr(no, "令第");
	if (!e)
		e = strstr(no, "公告");
	if (!e || e == no)
		return 0;
	buf_put(out, no, (size_t)(e - no));
	buf_putc(out, '\n');
	return 1;
}

/* Fill in signed date, issuers, effective/expires and level of d. */
static void doc_meta(const struct seg *s, struct import_doc *d)
{
	size_t kb = kpos(s, d->body), ke = kpos(s, d->last + 1), sig = ke;
	struct buf iss = BUF_INIT, tl = BUF_INIT, text = BUF_INIT;
	struct im_date dt;

	for (size_t p = kb; p < ke; p++)
		if (im_date_line(&dt, T(s, p))) {
			sig = p;
			if (!d->signed_.y)
				d->signed_ = dt;
			break;
		}
	im_title_issuers(&tl, d->raw_title);
	if (sig < ke && signature_before(&iss, s, sig, kb) > 0) {
		char *nl = strchr(tl.ptr, '\n');
		if (nl) {
			*nl = '\0';
			buf_putc(&iss, '\0');
			lead_first(&iss, tl.ptr);
			iss.len = strlen(iss.ptr);
		}
	} else if (tl.len) {
		buf_set(&iss, tl.ptr, tl.len);
	} else if (d->number) {
		authority_of(&iss, d->number);
	}
	d->issuers = buf_detach(&iss, NULL);
	for (size_t p = kb; p < ke; p++)
		im_squeeze(&text, T(s, p));
	dates_from_text(d, text.ptr);
	{
		char *lead = xstrndup(d->issuers, strcspn(d->issuers, "\n"));
		d->level = im_level(lead);
		free(lead);
	}
	buf_release(&tl);
	buf_release(&text);
}

/* File names: from the 发文字号, else doc-<order>; made unique. */
static void make_slugs(struct import_comp *c)
{
	for (size_t i = 0; i < c->ndocs; i++) {
		struct import_doc *d = &c->docs[i];
		struct buf b = BUF_INIT;
		if (!d->number || im_slug(&b, d->number) < 0)
			buf_printf(&b, "doc-%d", d->order);
		for (int n = 2;; n++) {
			int clash = 0;
			for (size_t j = 0; j < i; j++)
				if (strcmp(c->docs[j].slug, b.ptr) == 0)
					clash = 1;
			if (!clash || strcmp(b.ptr, "index") == 0)
				break;
			size_t dash = b.len;
			if (n > 2)
				while (dash > 0 && b.ptr[dash - 1] != '-')
					dash--;
			buf_truncate(&b, n > 2 ? dash - 1 : b.len);
			buf_printf(&b, "-%d", n);
		}
		d->slug = buf_detach(&b, NULL);
	}
}

/* Is s (squeezed) a section word of a compilation's front matter? */
static int section_word(const char *s)
{
	static const char *const w[] = {"序",	"序言",	  "前言",     "目录",	  "目次",
					"说明", "编者按", "编辑说明", "编印说明", "出版说明",
					"凡例", "后记",	  "附录",     "索引",	  NULL};
	struct buf b = BUF_INIT;
	int hit = 0;

	im_squeeze(&b, s);
	for (int i = 0; w[i] && !hit; i++)
		hit = strcmp(b.ptr, w[i]) == 0;
	buf_release(&b);
	return hit;
}

/* Is cover line t running text (a preface), which ends the title area? */
static int running_text(const char *t)
{
	return strstr(t, "，") || strstr(t, "。") || strstr(t, "；") || strstr(t, ",") ||
	       import_ends_sentence(t) || im_ends_with(t, "、") || im_u8len(t) > 40;
}

/* The kept position of the compilation title among the cover lines [0,
 * end): the first level-1 Markdown heading, else the first short line
 * before the running text starts that is not a section word (序言, 目录),
 * a section heading or a date.  end if there is none. */
static size_t cover_title(const struct seg *s, size_t end)
{
	struct im_date d;

	for (size_t p = 0; p < end; p++)
		if (L(s, p)->mdhead == 1 && !section_word(T(s, p)))
			return p;
	for (size_t p = 0; p < end; p++) {
		const char *t = T(s, p);
		if (section_word(t) || import_is_section(t) || im_date_line(&d, t) || L(s, p)->tabs)
			continue;
		if (running_text(t) || im_starts_with(t, "附件"))
			return end;
		return p;
	}
	return end;
}

/* Append the file name of path without folder and extension. */
static void file_stem(struct buf *out, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	buf_put(out, base, n);
}

/* Append an edition printed in brackets under the title ("（2024 年版）")
 * and return 1; 0 if u is not one. */
static int edition(struct buf *t, const char *u)
{
	struct buf b = BUF_INIT;
	int ok;

	im_squeeze(&b, u);
	ok = im_starts_with(b.ptr, "（") && im_ends_with(b.ptr, "）") && strstr(b.ptr, "版") &&
	     im_u8len(b.ptr) <= 12;
	if (ok)
		buf_puts(t, b.ptr);
	buf_release(&b);
	return ok;
}

/* The first printed line of the cover when it is a line that is repeated
 * as the running header (the compilation's name, "滨河市惠企政策汇编"):
 * its raw line index, or rend if the cover does not start with one. */
static size_t header_title(const struct seg *s, size_t rend)
{
	for (size_t i = 0; i < rend; i++) {
		enum it_junk j = s->c->lines.v[i].junk;
		if (j == IT_BLANK || j == IT_PAGENO || j == IT_WEB)
			continue;
		return j == IT_HEADER ? i : rend;
	}
	return rend;
}

/* Append " 2024年第17号（总第509号）" when the cover lines after the title
 * (raw line raw, cover ends at kept position end) give a periodical's
 * issue: a line with 第…号 or 第…期, and a bare year line printed above it (which junk marking
 * took for a page number). */
static void issue_of(struct buf *t, const struct seg *s, size_t raw, size_t end)
{
	const struct it_lines *ls = &s->c->lines;
	size_t p = kpos(s, raw + 1);
	size_t last = p + 3 < end ? s->k[p + 3] : end < s->nk ? s->k[end] : ls->n;
	int year = 0;

	if (p < end && edition(t, T(s, p)))
		return;
	for (size_t i = raw + 1; i < last && i < ls->n; i++) {
		const char *u = ls->v[i].text;
		if (ls->v[i].junk == IT_PAGENO && strlen(u) == 4 && atoi(u) > 1949 &&
		    atoi(u) < 2100)
			year = atoi(u);
		if (ls->v[i].junk != IT_KEEP || !strstr(u, "第") ||
		    !(strstr(u, "号") || strstr(u, "期")) || im_u8len(u) >= 30 || strstr(u, "，"))
			continue;
		struct buf is = BUF_INIT;
		im_squeeze(&is, u);
		buf_putc(t, ' ');
		if (year && !strstr(is.ptr, "年"))
			buf_printf(t, "%d年", year);
		char *b = title_brackets(buf_detach(&is, NULL));
		buf_puts(t, b);
		free(b);
		return;
	}
}

/* Compilation title and date from the lines before the first document
 * (the cover); see import_parse in import.h. */
static void comp_meta(struct seg *s, const char *title)
{
	struct import_comp *c = s->c;
	size_t end = c->ndocs ? kpos(s, c->docs[0].first) : s->nk, p, r;
	struct buf t = BUF_INIT;

	if (title) {
		buf_puts(&t, title);
	} else if ((r = header_title(s, end < s->nk ? s->k[end] : c->lines.n)) <
		   (end < s->nk ? s->k[end] : c->lines.n)) {
		im_squeeze(&t, c->lines.v[r].text);
		issue_of(&t, s, r, end);
	} else if ((p = cover_title(s, end)) < end) {
		im_squeeze(&t, T(s, p));
		issue_of(&t, s, s->k[p], end);
	} else if (c->lines.n) {
		file_stem(&t, c->lines.v[0].path);
		c->title_from_name = 1;
	}
	c->title = buf_detach(&t, NULL);
	for (p = 0; p < end && p < 12; p++)
		if (im_date_line(&c->date, T(s, p)))
			break;
		else
			c->date.y = 0;
}

/* Parse the compilation; see import.h. */
void import_parse(struct import_comp *c, const char *title)
{
	struct seg s = {c, NULL, 0, 0, BUF_INIT};

	it_mark_junk(&c->lines);
	s.k = xreallocarray(NULL, c->lines.n + 1, sizeof *s.k);
	for (size_t i = 0; i < c->lines.n; i++)
		if (c->lines.v[i].junk == IT_KEEP)
			s.k[s.nk++] = i;
	segment(&s);
	for (size_t i = 0; i < c->ndocs; i++)
		doc_meta(&s, &c->docs[i]);
	make_slugs(c);
	comp_meta(&s, title);
	c->sections = buf_detach(&s.secs, NULL);
	free(s.k);
}

void import_free(struct import_comp *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ndocs; i++) {
		struct import_doc *d = &c->docs[i];
		free(d->title);
		free(d->raw_title);
		free(d->number);
		free(d->section);
		free(d->attachment);
		free(d->slug);
		free(d->issuers);
	}
	free(c->docs);
	free(c->title);
	free(c->sections);
	it_lines_free(&c->lines);
	memset(c, 0, sizeof *c);
}
