/* Unit tests for dept.c: cleaning, regions, aliases, short forms, levels. */
#include <stdlib.h>

#include "dept.h"
#include "tap.h"
#include "yamldoc.h"

/* Resolve name in the region of lead; returns the result, *got the name. */
static enum dept_result resolve(char **got, const struct dept_ctx *c, const char *name,
				const char *lead, const char *level)
{
	struct dept_region r;

	dept_region_of_doc(&r, c, lead, level);
	return dept_resolve(got, c, name, &r);
}

static void check(const struct dept_ctx *c, const char *name, const char *lead, const char *level,
		  const char *want, enum dept_result want_res)
{
	char *got = NULL;
	enum dept_result res = resolve(&got, c, name, lead, level);

	is_str(got, want, "%s in a document of %s → %s", name, lead ? lead : "(none)", want);
	is_int(res, want_res, "  with result %d", (int)want_res);
	free(got);
}

static void test_clean(void)
{
	struct buf b = BUF_INIT;

	dept_clean(&b, " 河南省\u3000财政厅 ");
	is_str(b.ptr, "河南省财政厅", "ASCII and ideographic spaces are removed");
	buf_reset(&b);
	dept_clean(&b, "财政厅等部门按职责");
	is_str(b.ptr, "财政厅", "trailing duty phrases are dropped");
	buf_reset(&b);
	dept_clean(&b, "按职责");
	is_str(b.ptr, "按职责", "a name that is only a duty phrase is kept");
	buf_release(&b);
}

static void test_region(void)
{
	struct dept_region r;

	dept_region_parse(&r, "河南省人民政府办公厅");
	ok(!strcmp(r.province, "河南省") && !*r.city && !*r.county,
	   "河南省人民政府办公厅 → 河南省");
	dept_region_parse(&r, "郑州市人民政府");
	ok(!*r.province && !strcmp(r.city, "郑州市") && !*r.county, "郑州市人民政府 → 郑州市");
	dept_region_parse(&r, "开封市禹王台区人民政府办公室");
	ok(!strcmp(r.city, "开封市") && !strcmp(r.county, "禹王台区"),
	   "开封市禹王台区… → 禹王台区/开封市");
	dept_region_parse(&r, "中共河南省委");
	is_str(r.province, "河南省", "中共 is skipped");
	dept_region_parse(&r, "河南省市场监督管理局");
	ok(!strcmp(r.province, "河南省") && !*r.city, "市场 is not a city");
	dept_region_parse(&r, "国务院办公厅");
	ok(!*r.province && !*r.city && !*r.county, "国务院办公厅 has no region");
}

static void test_levels(void)
{
	is_str(dept_level_of_name("国务院办公厅"), "国家", "国务院办公厅 is national");
	is_str(dept_level_of_name("工业和信息化部办公厅"), "国家", "…部办公厅 is national");
	is_str(dept_level_of_name("市场监管总局"), "国家", "…总局 is national");
	is_str(dept_level_of_name("国家税务总局河南省税务局"), "省", "a province inside the name");
	is_str(dept_level_of_name("河南金融监管局"), "省", "a province's short name");
	is_str(dept_level_of_name("郑州市人民政府"), "市", "a city");
	is_str(dept_level_of_name("开封市禹王台区人民政府"), "区县", "a county");
	is_str(dept_level_of_name("国家金融监督管理总局河南监管局"), "省",
	       "a national body's provincial office");
	is_str(dept_level_of_name("省委组织部"), "省", "a short form 省X is provincial");
	is_str(dept_level_of_name("市工业和信息化局"), "市", "a short form 市X is municipal");
	is_str(dept_level_of_name("县级政府"), "区县", "a short form 县X is of a county");
	ok(dept_level_of_name("中豫港务集团有限公司") == NULL, "no level in the name");
}

static const char site_yaml[] = "河南省财政厅: [财政厅]\n"
				"河南省发展和改革委员会: [省发展改革委]\n"
				"郑州市工业和信息化局: []\n"
				"河南省人民政府办公厅:\n";

static void test_resolve(void)
{
	struct diag d = DIAG_INIT;
	struct value *v = NULL;
	struct dept_ctx c;

	ok(yamldoc_parse(&v, site_yaml, sizeof(site_yaml) - 1, "site.yaml", 0, &d) == 0,
	   "the departments map parses");
	dept_ctx_init(&c, v);
	dept_ctx_add_issuer(&c, "郑州市人民政府");
	dept_ctx_add_issuer(&c, "河南省 工业和信息化厅");
	dept_ctx_add_issuer(&c, "开封市禹王台区人民政府");
	dept_ctx_add_issuer(&c, "禹王台区工业和信息化局");
	dept_ctx_finish(&c);
	is_str(c.province, "河南省", "the site's one province is found");
	check(&c, "河南省财政厅", NULL, "省", "河南省财政厅", DEPT_OK);
	check(&c, "财 政 厅", NULL, "省", "河南省财政厅", DEPT_OK);
	check(&c, "省发展改革委", "国务院办公厅", "国家", "河南省发展和改革委员会", DEPT_OK);
	check(&c, "省财政厅", "河南省人民政府办公厅", "省", "河南省财政厅", DEPT_SHORT);
	check(&c, "省工业和信息化厅", "河南省人民政府办公厅", "省", "河南省工业和信息化厅",
	      DEPT_SHORT);
	check(&c, "省商务厅", "河南省人民政府办公厅", "省", "省商务厅", DEPT_AMBIGUOUS);
	check(&c, "市工业和信息化局", "郑州市人民政府", "市", "郑州市工业和信息化局", DEPT_SHORT);
	check(&c, "市工业和信息化局", "开封市人民政府", "市", "市工业和信息化局", DEPT_AMBIGUOUS);
	check(&c, "市工业和信息化局", "河南省人民政府办公厅", "省", "市工业和信息化局",
	      DEPT_AMBIGUOUS);
	check(&c, "区工业和信息化局", "开封市禹王台区人民政府", "区县", "禹王台区工业和信息化局",
	      DEPT_SHORT);
	check(&c, "省财政厅", "郑州市人民政府", "市", "河南省财政厅", DEPT_SHORT);
	check(&c, "省财政厅", "国务院办公厅", "国家", "省财政厅", DEPT_AMBIGUOUS);
	check(&c, "市场监管局", "郑州市人民政府", "市", "市场监管局", DEPT_OK);
	check(&c, "省直各有关部门按职责", "河南省人民政府办公厅", "省", "省直各有关部门", DEPT_OK);
	check(&c, "中豫港务集团", "河南省人民政府办公厅", "省", "中豫港务集团", DEPT_OK);
	dept_ctx_release(&c);
	dept_ctx_release(&c);

	dept_ctx_init(&c, NULL);
	dept_ctx_add_issuer(&c, "河南省财政厅");
	dept_ctx_add_issuer(&c, "湖北省财政厅");
	dept_ctx_finish(&c);
	ok(c.province == NULL, "two provinces: no site province");
	check(&c, "省财政厅", "郑州市人民政府", "市", "省财政厅", DEPT_AMBIGUOUS);
	dept_ctx_release(&c);
	value_free(v);
	diag_release(&d);
}

int main(void)
{
	test_clean();
	test_region();
	test_levels();
	test_resolve();
	ok(dept_hash("") == 2166136261u && dept_hash("a") == 0xe40c292cu, "FNV-1a 32");
	return tap_done();
}
