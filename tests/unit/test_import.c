/* test_import.c - unit tests of the import pieces.  Run with the arguments
 * "import ..." it acts as the command (a driver until main.c wires it). */
#include <string.h>

#include "import.h"
#include "tap.h"

static void docno(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	const char *rest = "";
	int rc = im_docno_parse(&b, &rest, in);
	is_str(rc == 0 ? b.ptr : "(none)", want, "docno %s", in);
	buf_release(&b);
}

static void date(const char *in, const char *want)
{
	struct im_date d = {0};
	size_t len;
	char s[11] = "(none)";
	if (im_date_parse(&d, &len, in) == 0)
		im_date_format(s, &d);
	is_str(s, want, "date %s", in);
}

static void slug(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	is_str(im_slug(&b, in) == 0 ? b.ptr : "(none)", want, "slug %s", in);
	buf_release(&b);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "import") == 0)
		return import_main(argc - 1, argv + 1);
	docno("豫政办〔2024〕40号", "豫政办〔2024〕40号");
	docno("豫政办〔2024〕60 号", "豫政办〔2024〕60号");
	docno("豫政办[2024]40号", "豫政办〔2024〕40号");
	docno("郑州市人民政府令 第 245 号", "郑州市人民政府令第245号");
	docno("国家税务总局人力资源社会保障部公告 2024年第 4号",
	      "国家税务总局人力资源社会保障部公告2024年第4号");
	docno("工信厅联企业函〔2025〕50 号", "工信厅联企业函〔2025〕50号");
	docno("关于印发〔2024〕40号", "(none)");
	docno("为落实党的二十届三中全会精神", "(none)");
	{
		struct buf b = BUF_INIT;
		ok(im_docno_find(&b, "(2024年 4月 8日河南省人民政府令第 225号公布)") == 0 &&
		       strcmp(b.ptr, "河南省人民政府令第225号") == 0,
		   "docno inside a note");
		buf_release(&b);
	}
	date("2024年7月25日", "2024-07-25");
	date("2024 年 7 月 25 日", "2024-07-25");
	date("二〇二四年七月二十五日", "2024-07-25");
	date("二〇二五年二月二十八日", "2025-02-28");
	date("2024年2月30日", "(none)");
	date("2024-02-29", "2024-02-29");
	slug("豫政办〔2024〕40号", "yzb-2024-40");
	slug("郑政文〔2022〕23号", "zzw-2022-23");
	slug("鬱〔2022〕23号", "(none)");
	{
		struct buf p = BUF_INIT;
		import_join(&p, "开拓郑州");
		import_join(&p, "直航国际邮路");
		is_str(p.ptr, "开拓郑州直航国际邮路", "CJK lines join without space");
		buf_reset(&p);
		import_join(&p, "data");
		import_join(&p, "element");
		is_str(p.ptr, "data element", "Latin words keep one space");
		buf_release(&p);
	}
	ok(it_is_web_junk("javascript:void(0)"), "javascript junk");
	ok(it_is_web_junk("5222349/files/信息表（样表）.docx"), "file path junk");
	ok(!it_is_web_junk("（https://credit.henan.gov.cn/）公开公示。"), "URL in a sentence kept");
	ok(it_is_pageno("122") && it_is_pageno("- 12 -") && !it_is_pageno("2024年"),
	   "page numbers");
	is_str(im_kind("河南省公共数据资源授权运营实施办法 （试 行）"), "办法", "kind with (试行)");
	{
		struct buf q = BUF_INIT;
		import_yaml_quote(&q, "a\"b\\c");
		is_str(q.ptr, "\"a\\\"b\\\\c\"", "YAML quoting");
		buf_release(&q);
	}
	{
		struct buf d = BUF_INIT, a = BUF_INIT;
		import_measure(&d, &a,
			       "1. "
			       "支持企业。最高不超过200万元。（责任单位：省发展改革委、省财政厅按照"
			       "职责分工负责）");
		is_str(d.ptr, "省发展改革委、省财政厅", "measure depts");
		is_str(a.ptr, "最高200万元", "measure amount");
		buf_release(&d);
		buf_release(&a);
	}
	return tap_done();
}
