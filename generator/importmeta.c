/* importmeta.c - metadata recognisers for `huibian import` (see importmeta.h). */
#include "importmeta.h"

#include <string.h>

size_t im_u8(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*cp = p[0];
		return p[0] ? 1 : 0;
	}
	if ((p[0] & 0xE0) == 0xC0 && p[1]) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2]) {
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		      (p[2] & 0x3F);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
		*cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		      ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

size_t im_u8len(const char *s)
{
	size_t n = 0, k;
	uint32_t cp;

	while ((k = im_u8(s, &cp)) > 0) {
		s += k;
		n++;
	}
	return n;
}

int im_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp == 0x3007;
}

int im_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

static int is_latin(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

void im_squeeze(struct buf *out, const char *s)
{
	uint32_t cp, prev = 0;
	size_t k;
	int pending = 0;

	while ((k = im_u8(s, &cp)) > 0) {
		if (im_is_space(cp)) {
			pending = 1;
		} else {
			if (pending && is_latin(prev) && is_latin(cp))
				buf_putc(out, ' ');
			pending = 0;
			buf_put(out, s, k);
			prev = cp;
		}
		s += k;
	}
}

int im_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int im_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Skip ASCII/ideographic spaces. */
static const char *skip_sp(const char *s)
{
	uint32_t cp;
	size_t k;

	while ((k = im_u8(s, &cp)) > 0 && im_is_space(cp))
		s += k;
	return s;
}

/* Read an Arabic number (ASCII or full-width digits) at s; -1 if none. */
static int read_arabic(const char **sp, int maxdigits)
{
	const char *s = *sp;
	uint32_t cp;
	size_t k;
	int v = 0, n = 0;

	while ((k = im_u8(s, &cp)) > 0) {
		if (cp >= '0' && cp <= '9')
			v = v * 10 + (int)(cp - '0');
		else if (cp >= 0xFF10 && cp <= 0xFF19)
			v = v * 10 + (int)(cp - 0xFF10);
		else
			break;
		s += k;
		if (++n > maxdigits)
			return -1;
	}
	if (n == 0)
		return -1;
	*sp = s;
	return v;
}

static int han_digit(uint32_t cp)
{
	static const uint32_t d[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
				     0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
	for (int i = 0; i < 10; i++)
		if (cp == d[i])
			return i;
	if (cp == 0x96F6 || cp == 0x25CB || cp == 0x039F || cp == 0x004F)
		return 0; /* 零 ○ and look-alikes of 〇 */
	return -1;
}

/* Chinese numeral year: four digit characters (二〇二四). */
static int read_han_year(const char **sp)
{
	const char *s = *sp;
	uint32_t cp;
	int v = 0;

	for (int i = 0; i < 4; i++) {
		size_t k = im_u8(s, &cp);
		int d = han_digit(cp);
		if (k == 0 || d < 0)
			return -1;
		v = v * 10 + d;
		s += k;
	}
	*sp = s;
	return v;
}

/* Chinese numeral 1..99 (七, 十, 十一, 二十五, 三十一). */
static int read_han_small(const char **sp)
{
	const char *s = *sp;
	uint32_t cp;
	size_t k = im_u8(s, &cp);
	int v = 0, d = han_digit(cp);

	if (k && d > 0) {
		v = d;
		s += k;
		k = im_u8(s, &cp);
	}
	if (k && cp == 0x5341) { /* 十 */
		v = (v ? v : 1) * 10;
		s += k;
		k = im_u8(s, &cp);
		d = han_digit(cp);
		if (k && d > 0) {
			v += d;
			s += k;
		}
	}
	if (v == 0)
		return -1;
	*sp = s;
	return v;
}

static int read_num(const char **sp, int han, int maxdigits)
{
	return han ? read_han_small(sp) : read_arabic(sp, maxdigits);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Expect the UTF-8 string lit at *sp after optional spaces. */
static int expect(const char **sp, const char *lit)
{
	const char *s = skip_sp(*sp);
	size_t n = strlen(lit);
	if (strncmp(s, lit, n) != 0)
		return -1;
	*sp = s + n;
	return 0;
}

/* Parse a date at the start of s; see importmeta.h. */
int im_date_parse(struct im_date *out, size_t *len, const char *s)
{
	const char *p = s;
	int y, m, d, han = 0;

	y = read_arabic(&p, 4);
	if (y < 0) {
		y = read_han_year(&p);
		han = 1;
	}
	if (y < 1900 || y > 2199)
		return -1;
	if (!han && (*p == '-' || *p == '.' || *p == '/')) {
		char sep = *p++;
		m = read_arabic(&p, 2);
		if (m < 0 || *p != sep)
			return -1;
		p++;
		d = read_arabic(&p, 2);
	} else {
		if (expect(&p, "年") < 0)
			return -1;
		p = skip_sp(p);
		m = read_num(&p, han, 2);
		if (m < 0 || expect(&p, "月") < 0)
			return -1;
		p = skip_sp(p);
		d = read_num(&p, han, 2);
		if (d < 0 || expect(&p, "日") < 0)
			return -1;
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	*len = (size_t)(p - s);
	return 0;
}

const char *im_date_find(struct im_date *out, size_t *len, const char *s)
{
	uint32_t cp;
	size_t k;

	for (; (k = im_u8(s, &cp)) > 0; s += k) {
		if ((cp >= '1' && cp <= '2') || cp == 0x4E8C || cp == 0x4E00) {
			/* a date cannot start in the middle of a number */
			if (im_date_parse(out, len, s) == 0)
				return s;
		}
	}
	return NULL;
}

int im_date_line(struct im_date *out, const char *s)
{
	size_t len;
	const char *p = skip_sp(s);
	int paren = 0;

	if (expect(&p, "（") == 0 || expect(&p, "(") == 0)
		paren = 1;
	p = skip_sp(p);
	if (im_date_parse(out, &len, p) < 0)
		return 0;
	p = skip_sp(p + len);
	if (paren && (expect(&p, "）") == 0 || expect(&p, ")") == 0))
		p = skip_sp(p);
	return *p == '\0';
}

void im_date_format(char *buf, const struct im_date *d)
{
	int y = d->y % 10000, m = d->m % 100, dd = d->d % 100;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}

struct im_date im_date_add(struct im_date d, int years, int days)
{
	d.y += years;
	if (d.m == 2 && d.d == 29 && days_in_month(d.y, 2) == 28)
		d.d = 28;
	d.d += days;
	while (d.d < 1) {
		if (--d.m < 1) {
			d.m = 12;
			d.y--;
		}
		d.d += days_in_month(d.y, d.m);
	}
	while (d.d > days_in_month(d.y, d.m)) {
		d.d -= days_in_month(d.y, d.m);
		if (++d.m > 12) {
			d.m = 1;
			d.y++;
		}
	}
	return d;
}

static int is_open(uint32_t cp)
{
	return cp == 0x3014 || cp == '[' || cp == 0xFF3B || cp == 0xFF08 || cp == '(' ||
	       cp == 0x3010 || cp == 0xFE5D || cp == 0x3016;
}

static int is_close(uint32_t cp)
{
	return cp == 0x3015 || cp == ']' || cp == 0xFF3D || cp == 0xFF09 || cp == ')' ||
	       cp == 0x3011 || cp == 0xFE5E || cp == 0x3017;
}

/* Read the authority part of a number: Han characters (spaces allowed
 * between them) up to maxchars; stores the squeezed text in ab. */
static const char *read_abbrev(struct buf *ab, const char *s, int maxchars)
{
	uint32_t cp;
	size_t k;
	int n = 0;
	const char *last = s;

	while ((k = im_u8(s, &cp)) > 0) {
		if (im_is_han(cp) && cp != 0x53F7 /* 号 */) {
			if (cp == 0x7B2C /* 第 */ && n > 0) {
				const char *q = skip_sp(s + k);
				uint32_t c2;
				im_u8(q, &c2);
				if ((c2 >= '0' && c2 <= '9') || (c2 >= 0xFF10 && c2 <= 0xFF19))
					break;
			}
			buf_put(ab, s, k);
			n++;
			s += k;
			last = s;
		} else if (im_is_space(cp)) {
			s += k;
		} else {
			break;
		}
		if (n > maxchars)
			return NULL;
	}
	return n ? last : NULL;
}

/* 第 N 号 at s (spaces allowed); appends 第N号 and returns the end. */
static const char *read_di_hao(struct buf *out, const char *s)
{
	const char *p = s;
	int n;

	if (expect(&p, "第") < 0)
		return NULL;
	p = skip_sp(p);
	n = read_arabic(&p, 5);
	if (n < 0 || expect(&p, "号") < 0)
		return NULL;
	buf_printf(out, "第%d号", n);
	return p;
}

/* Shape 豫政办〔2024〕40号 after the authority: bracketed year, number, 号. */
static const char *read_bracket_no(struct buf *out, const char *s)
{
	const char *p = skip_sp(s);
	uint32_t cp;
	size_t k = im_u8(p, &cp);
	int y, n;

	if (!k || !is_open(cp))
		return NULL;
	p = skip_sp(p + k);
	y = read_arabic(&p, 4);
	if (y < 1949 || y > 2199)
		return NULL;
	p = skip_sp(p);
	k = im_u8(p, &cp);
	if (!k || !is_close(cp))
		return NULL;
	p = skip_sp(p + k);
	n = read_arabic(&p, 5);
	if (n < 0 || expect(&p, "号") < 0)
		return NULL;
	buf_printf(out, "〔%d〕%d号", y, n);
	return p;
}

/* Shape …公告 2024年第 4号 after the authority. */
static const char *read_year_di_hao(struct buf *out, const char *s)
{
	const char *p = skip_sp(s);
	int y = read_arabic(&p, 4);

	if (y < 1949 || y > 2199 || expect(&p, "年") < 0)
		return NULL;
	buf_printf(out, "%d年", y);
	return read_di_hao(out, skip_sp(p));
}

/* Parse a 发文字号 at the start of s; see importmeta.h. */
int im_docno_parse(struct buf *out, const char **rest, const char *s)
{
	struct buf ab = BUF_INIT, no = BUF_INIT;
	const char *p = skip_sp(s), *end = NULL;
	int rc = -1;

	p = read_abbrev(&ab, p, 40);
	if (!p || strstr(ab.ptr, "关于"))
		goto out;
	if (ab.len <= 16 * 3)
		end = read_bracket_no(&no, p);
	if (!end && im_ends_with(ab.ptr, "令"))
		end = read_di_hao(&no, skip_sp(p));
	if (!end && im_ends_with(ab.ptr, "公告"))
		end = read_year_di_hao(&no, p);
	if (!end)
		goto out;
	buf_put(out, ab.ptr, ab.len);
	buf_put(out, no.ptr, no.len);
	*rest = skip_sp(end);
	rc = 0;
out:
	buf_release(&ab);
	buf_release(&no);
	return rc;
}

/* Find a number anywhere in s, starting after any date (a date such as
 * "2024年4月8日河南省人民政府令" must not become part of the authority). */
int im_docno_find(struct buf *out, const char *s)
{
	struct im_date d;
	const char *p = s, *rest;
	uint32_t cp, prev = 0;
	size_t k, len;

	if (im_date_find(&d, &len, s))
		p = im_date_find(&d, &len, s) + len;
	for (; (k = im_u8(p, &cp)) > 0; p += k) {
		if (im_is_han(cp) && !im_is_han(prev) && im_docno_parse(out, &rest, p) == 0)
			return 0;
		if (im_is_han(cp) && prev == 0x65E5 /* 日 */ && im_docno_parse(out, &rest, p) == 0)
			return 0;
		prev = cp;
	}
	return -1;
}

int im_docno_head(const char *s)
{
	struct buf ab = BUF_INIT;
	const char *p = read_abbrev(&ab, skip_sp(s), 60);
	int ok = p && *skip_sp(p) == '\0' && !strstr(ab.ptr, "关于") &&
		 (im_ends_with(ab.ptr, "令") || im_ends_with(ab.ptr, "公告")) && ab.len >= 4 * 3;

	buf_release(&ab);
	return ok;
}

static const char *const kinds[] = {
    "通知", "意见",   "办法", "方案", "公告", "通告", "决定", "规定", "细则", "措施",
    "规划", "批复",   "函",   "令",   "要点", "计划", "条例", "指引", "清单", "预案",
    "规则", "指南",   "纲要", "举措", "政策", "制度", "通报", "报告", "标准", "目录",
    "守则", "意见书", "公报", "决议", "命令", "议案", NULL};

/* Strip trailing closing brackets and a trailing bracketed part like
 * （试行） or (2024—2026年) from t (a squeezed title) in place. */
static void strip_tail(struct buf *t)
{
	for (int round = 0; round < 3; round++) {
		if (im_ends_with(t->ptr, "》") || im_ends_with(t->ptr, "”")) {
			buf_truncate(t, t->len - 3);
			continue;
		}
		const char *close = im_ends_with(t->ptr, "）")	? "（"
				    : im_ends_with(t->ptr, ")") ? "("
								: NULL;
		if (!close)
			break;
		char *open = NULL;
		for (char *q = strstr(t->ptr, close); q; q = strstr(q + 1, close))
			open = q;
		if (!open || open == t->ptr)
			break;
		buf_truncate(t, (size_t)(open - t->ptr));
	}
}

const char *im_kind(const char *title)
{
	struct buf t = BUF_INIT;
	const char *kind = NULL;
	size_t best = 0;

	im_squeeze(&t, title);
	strip_tail(&t);
	for (int i = 0; kinds[i]; i++)
		if (im_ends_with(t.ptr, kinds[i]) && strlen(kinds[i]) > best) {
			kind = kinds[i];
			best = strlen(kinds[i]);
		}
	if (kind && strcmp(kind, "意见书") == 0)
		kind = "意见";
	buf_release(&t);
	return kind;
}

static const char *const org_suffixes[] = {
    "厅",   "局",   "委",   "部", "院", "府", "办", "会", "室",	    "行",   "署", "中心", "总队",
    "集团", "公司", "海关", "联", "处", "所", "社", "馆", "（室）", "(室)", "盟", NULL};

int im_is_org(const char *s)
{
	size_t n = im_u8len(s);

	if (n < 2 || n > 40 || strpbrk(s, ",.:;") || strstr(s, "，") || strstr(s, "。") ||
	    strstr(s, "：") || strstr(s, "；") || strstr(s, "、") || strstr(s, "关于"))
		return 0;
	for (int i = 0; org_suffixes[i]; i++)
		if (im_ends_with(s, org_suffixes[i]))
			return 1;
	return 0;
}

/* Remove a trailing 等N部门 / 等五部门 from an issuer in place. */
static void strip_deng(struct buf *b)
{
	char *deng = NULL;
	for (char *q = strstr(b->ptr, "等"); q; q = strstr(q + 1, "等"))
		deng = q;
	if (deng && deng != b->ptr &&
	    (im_ends_with(b->ptr, "部门") || im_ends_with(b->ptr, "单位")))
		buf_truncate(b, (size_t)(deng - b->ptr));
}

int im_title_issuers(struct buf *out, const char *title)
{
	const char *end = strstr(title, "关于");
	const char *p = title;
	int n = 0, strict = 0;

	if (!end)
		end = strstr(title, "印发");
	if (!end)
		end = strstr(title, "转发");
	if (!end && (end = strstr(title, "出台")) != NULL)
		strict = 1; /* "A出台…": only if A is the name of a body */
	if (!end || end == title)
		return 0;
	while (p < end) {
		struct buf one = BUF_INIT;
		uint32_t cp;
		size_t k;
		while (p < end && (k = im_u8(p, &cp)) > 0 && im_is_space(cp))
			p += k;
		while (p < end && (k = im_u8(p, &cp)) > 0 && !im_is_space(cp)) {
			buf_put(&one, p, k);
			p += k;
		}
		strip_deng(&one);
		if (one.len && (im_is_org(one.ptr) || (n == 0 && !strict))) {
			buf_put(out, one.ptr, one.len);
			buf_putc(out, '\n');
			n++;
		}
		buf_release(&one);
	}
	return n;
}

const char *im_level(const char *issuer)
{
	static const char *const national[] = {"国务院",   "国家", "中华人民共和国", "中国人民银行",
					       "中共中央", "全国", "最高人民",	     "海关总署",
					       "总局",	   NULL};

	if (!issuer || !*issuer)
		return NULL;
	if (strstr(issuer, "县") || (strstr(issuer, "区") && !strstr(issuer, "市") &&
				     !strstr(issuer, "省") && !strstr(issuer, "自治区")))
		return "区县";
	if (strstr(issuer, "市") && !im_starts_with(issuer, "国家"))
		return "市";
	if (strstr(issuer, "省") || strstr(issuer, "自治区"))
		return "省";
	for (int i = 0; national[i]; i++)
		if (strstr(issuer, national[i]))
			return "国家";
	if (im_ends_with(issuer, "部") || im_ends_with(issuer, "部办公厅"))
		return "国家";
	return NULL;
}

/* Pinyin initials of the characters that occur in 发文字号 abbreviations:
 * each entry is one character followed by its initial. */
static const char initials[] = "豫y政z办b发f改g工g信x联l化h科k教j财c自z然r交j税s总z征z国g函h"
			       "金j规g厅t消x费f资z认r监j部b企q业y师s市s稽j明m电d郑z文w汴b人r"
			       "社s令l省s河h南n务w公g告g力l源y保b障z农n村c育y退t役y军j事s家j"
			       "州z民m府f商s环h综z合h建j城c住z房f水s利l卫w健j康k医y药y生s态t"
			       "境j安a应y急j林l草c粮l储c统t计j审s知z识s产c权q外w汇h银y证z险x"
			       "融r网w通t体t旅l游y广g播b视s新x闻w出c版b法f司s警j防f便b营y局j"
			       "委w会h中z央y共g青q团t妇f残c质z量l标b准z技j术s开k封f禹y王w台t"
			       "区q县x洛l阳y管g理l物w价j格g能n矿k煤m气q象x地d震z海h关g机j构g"
			       "编b制z组z织z宣x传c战z纪j检j察c督d考k核h投t促c进j展z服f贸m易y"
			       "备b运y输s航h空k港g铁t路l邮y数s据j息x密m刊k室s处c粤y京j沪h津j"
			       "冀j晋j鲁l苏s浙z皖w闽m赣g鄂e湘x川c渝y陕s甘g宁n藏z黔q滇d桂g琼q"
			       "蒙m吉j黑h辽l查c批p职z高g学x校x院y所s特t设s评p估g北b京j上s天t"
			       "务w口k岸a残c老l龄l乡x振z兴x粮l食s信x访f侨q台t港g澳a贫p扶f减j"
			       "灾z救j援y林l业y园y大d数s";

static char initial_of(uint32_t cp)
{
	const char *p = initials;
	uint32_t c;
	size_t k;

	while ((k = im_u8(p, &c)) > 0) {
		if (c == cp)
			return p[k];
		p += k + 1;
	}
	return 0;
}

/* Derive a file name stem from a 发文字号; see importmeta.h. */
int im_slug(struct buf *out, const char *docno)
{
	struct buf s = BUF_INIT;
	const char *p = docno;
	uint32_t cp;
	size_t k;
	int rc = -1, in_digits = 0, letters = 0;

	while ((k = im_u8(p, &cp)) > 0) {
		if (cp >= '0' && cp <= '9') {
			if (!in_digits)
				buf_putc(&s, '-');
			buf_putc(&s, (char)cp);
			in_digits = 1;
		} else {
			in_digits = 0;
			if (im_is_han(cp) && cp != 0x5E74 && cp != 0x7B2C && cp != 0x53F7) {
				char c = initial_of(cp);
				if (!c)
					goto out;
				if (letters < 12)
					buf_putc(&s, c);
				letters++;
			}
		}
		p += k;
	}
	if (letters == 0 || s.len == 0 || s.ptr[s.len - 1] == '-')
		goto out;
	buf_put(out, s.ptr, s.len);
	rc = 0;
out:
	buf_release(&s);
	return rc;
}
