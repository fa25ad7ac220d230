/* test_import.c - unit tests of the import pieces.  Run with the arguments
 * "import ..." it acts as the command (a driver until main.c wires it). */
#include <stdlib.h>
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

/* The responsible units of paragraph para must be want. */
static void depts(const char *para, const char *want)
{
	struct buf b = BUF_INIT, name = BUF_INIT;
	for (const char *p = para; *p; p++) /* one line per test in the TAP output */
		if (*p == '\n')
			buf_puts(&name, "\\n");
		else
			buf_putc(&name, *p);
	import_depts(&b, para);
	is_str(b.ptr, want, "depts of %s", name.ptr);
	buf_release(&b);
	buf_release(&name);
}

/* Responsibility notes as printed in the seeds, and the rules of
 * importdepts.h. */
static void depts_rules(void)
{
	/* verbs of responsibility cut */
	depts("（责任单位：省发展改革委、财政厅按照职责分工负责）", "省发展改革委、财政厅");
	depts("（省自然资源厅、财政厅按职责分工负责）", "省自然资源厅、财政厅");
	depts("（省发展改革委、商务厅按照各自职责分工负责落实）", "省发展改革委、商务厅");
	depts("（省自然资源厅负责）", "省自然资源厅");
	depts("（省财政厅、省税务局分别负责）", "省财政厅、省税务局");
	/* 等部门 endings: the unit before 等 is kept */
	depts("（省财政厅、省科技厅等部门按职责分工负责）", "省财政厅、省科技厅");
	depts("（省发展改革委、农业农村厅、卫生健康委等相关部门按照职责分工负责）",
	      "省发展改革委、农业农村厅、卫生健康委");
	depts("（省教育厅、高等学校等单位按职责分工负责）", "省教育厅、高等学校");
	/* A和B, A及B split only between units */
	depts("（省行政审批政务信息管理局、司法厅和省直各有关部门按职责分工牵头负责）",
	      "省行政审批政务信息管理局、司法厅");
	depts("（省发展改革委、市场监管局、行政审批政务信息管理局、残联等牵头部门及省直各有关部"
	      "门按职责分工负责）",
	      "省发展改革委、市场监管局、行政审批政务信息管理局、残联");
	depts("（省工业和信息化厅、文化和旅游厅和园区所在地市级政府按职责分工负责）",
	      "省工业和信息化厅、文化和旅游厅");
	depts("（责任单位：市人力资源和社会保障局）", "市人力资源和社会保障局");
	depts("（省财政厅会同省发展改革委负责）", "省财政厅、省发展改革委");
	/* generic references dropped, real units kept */
	depts("（责任单位：各级“万人助万企”活动工作专班）", "");
	depts("（责任单位：市商务局，各县（区）政府）", "市商务局");
	depts("（责任单位：市商务局、市大数据局，有关区县〔市〕政府）", "市商务局、市大数据局");
	depts("（责任单位：省发展改革委、省有关行业主管部门）", "省发展改革委");
	depts("（责任单位：省财政厅、民政厅、安全生产委员会成员单位）", "省财政厅、民政厅");
	depts("（责任单位：省商务厅，各省辖市政府，济源示范区、航空港区管委会）",
	      "省商务厅、济源示范区、航空港区管委会");
	/* a remark after 。 or 以下 is not a unit */
	depts("（责任单位：省市场监管局、住房城乡建设厅，各市、县级政府。以下均需各市、县级政"
	      "府负责，不再列出）",
	      "省市场监管局、住房城乡建设厅");
	depts("（省发展改革委、交通运输厅按职责分工负责，各省辖市政府和济源示范区、航空港区管委会"
	      "落实。以下均需各省辖市政府和济源示范区、航空港区管委会落实，不再列出）",
	      "省发展改革委、交通运输厅、济源示范区、航空港区管委会");
	/* lead units first, supporting ones last */
	depts("（牵头单位：省商务厅；配合单位：省财政厅、省税务局）",
	      "省商务厅、省财政厅、省税务局");
	depts("（配合单位：省财政厅、省税务局；牵头单位：省商务厅）",
	      "省商务厅、省财政厅、省税务局");
	depts("（省财政厅配合，省发展改革委牵头）", "省发展改革委、省财政厅");
	depts("（省发展改革委牵头，省农业农村厅、卫生健康委等相关部门按照职责分工负责）",
	      "省发展改革委、省农业农村厅、卫生健康委");
	/* shared ending of place-name governments */
	depts("（责任单位：省商务厅，郑州、洛阳、南阳市政府）",
	      "省商务厅、郑州市政府、洛阳市政府、南阳市政府");
	/* line breaks and layout spaces inside names (PDF text) */
	depts("对企业给予补助。（责\n任单位：省发展\n改革委、省财 政厅按照职\n责分工负责）",
	      "省发展改革委、省财政厅");
	depts(
	    "问题。 财政厅、商务厅按照职  \n(责任单位：航空港区管委会、省发展改革委、 责分工负责)",
	    "航空港区管委会、省发展改革委、财政厅、商务厅");
	/* half-width brackets, several notes, running-text label */
	depts("(责任单位：市资源规划局)(不含祥符区)；(责任单位：市资源规划局、市住建局)",
	      "市资源规划局、市住建局");
	depts("一、发放消费券。责任单位：市商务局、市财政局。", "市商务局、市财政局");
	/* no note */
	depts("同一企业原则上只能向责任单位申请一项奖补政策。", "");
	depts("（由企业自行负责）", "");
	depts("（2024年12月底前完成）", "");
}

/* Parse text as a compilation into c (free with import_free). */
static void parse(struct import_comp *c, const char *text)
{
	memset(c, 0, sizeof *c);
	it_split(&c->lines, "t.txt", text);
	import_parse(c, "测试");
}

/* Measure comments of items whose text is broken across lines or
 * paragraphs (PDF and web text of the seeds). */
static void measure_paras(void)
{
	struct import_comp c;
	struct buf out = BUF_INIT;
	const char *w = "河南省人民政府办公厅\n关于推进内外贸一体化的若干措施\n豫政办〔2024〕36号\n"
			"各省辖市人民政府，省人民政府各部门：\n"
			"（十二）建设内外贸一体化示范城市。推动郑州、洛阳、\n"
			"南阳等城市发挥自身优势、对接国际高标准\n"
			"经贸规则，建设示范城市。（责任单位：\n省商务厅，郑州、洛阳、南阳市政府）\n"
			"４.进一步规范涉企执法、监管行为。（责任单位：省市场监管局、司法厅）\n"
			"（九）提升第三方服务能力。支持会计师事务所开展数据资产化服务。\n"
			"完善第三方服务机构行业标准。（省发展改革委、省委金融办按照职责分工负责）\n"
			"河南省人民政府办公厅\n2024年3月1日\n";
	parse(&c, w);
	is_int((int)c.ndocs, 1, "one measure document");
	if (c.ndocs) {
		import_render_doc(&out, &c, &c.docs[0]);
		ok(strstr(out.ptr,
			  "推动郑州、洛阳、南阳等城市发挥自身优势、对接国际高标准经贸规则") != NULL,
		   "a line after a cut at 、 goes on the sentence even if it looks like a title");
		ok(strstr(out.ptr,
			  "<!-- measure depts=\"省商务厅、郑州市政府、洛阳市政府、南阳市政府\" "
			  "-->") != NULL,
		   "the note of the rejoined item");
		ok(strstr(out.ptr, "<!-- measure depts=\"省市场监管局、司法厅\" -->") != NULL,
		   "an item numbered with full-width digits (４.)");
		ok(strstr(out.ptr,
			  "行业标准。（省发展改革委、省委金融办按照职责分工负责）\n\n<!-- measure "
			  "depts=\"省发展改革委、省委金融办\" -->") != NULL,
		   "the note in a paragraph that goes on with an item");
		if (!strstr(out.ptr, "省发展改革委、省委金融办\" -->"))
			tap_diag_str("output", out.ptr);
	}
	import_free(&c);
	buf_release(&out);
}

/* The rules for hard-wrapped PDF text, half-width brackets, joint
 * signatures, attachments printed after the signature and "X出台" titles. */
static void rules(void)
{
	struct import_comp c;
	struct buf out = BUF_INIT;
	const char *w =
	    "河南省人民政府办公厅\n关于印发河南省测试工作方案(试行)的通知\n豫政办〔2024〕9号\n"
	    "各省辖市人民政府，省人民政府各部门：\n"
	    "现将方案印发给你们，请认真贯彻执行。第一项工作要\n"
	    "按照规定落实到位，各地要加强组织领导。各地各部门\n"
	    "要建立健全工作机制，明确责任分工，确保取得实效。\n"
	    "持续强化各级服务场所功能，在县级以上政务服务中心\n"
	    "全面推行综合受理服务，确需专业受理服务的要说明，\n"
	    "各级各部门要按照要求抓好落实，及时报告进展情况，\n"
	    "确保各项任务按期完成，取得实实在在的工作成效。\n"
	    "附件：关于开展测试试点工作的通知（人社部发〔2024〕1号）\n"
	    "河南省人民政府办公厅\n河南省财政厅\n河南省商务厅\n2024年3月1日\n"
	    " 人力资源社会保障部财政部\n关于开展测试试点工作的通知\n"
	    "各省、自治区、直辖市人力资源社会保障厅：\n现就有关事项通知如下。\n";
	struct buf b = BUF_INIT;
	parse(&c, w);
	is_int((int)c.ndocs, 1, "an attachment listed under 附件： is not a new document");
	if (c.ndocs) {
		is_str(c.docs[0].title,
		       "河南省人民政府办公厅关于印发河南省测试工作方案（试行）的通知",
		       "half-width brackets of a title become full-width");
		is_str(c.docs[0].issuers, "河南省人民政府办公厅\n河南省财政厅\n河南省商务厅\n",
		       "issuers from the signature block");
		import_render_doc(&out, &c, &c.docs[0]);
		ok(strstr(out.ptr, "取得实效。持续强化") != NULL,
		   "a full line ending in 。 at the wrap point does not split the paragraph");
	}
	import_free(&c);
	im_title_issuers(&b, "河南省生态环境厅出台促进民营经济高质量发展十项措施");
	is_str(b.ptr, "河南省生态环境厅\n", "issuer of an \"X出台…\" title");
	buf_reset(&b);
	im_title_issuers(&b, "生态环境部门进一步促进民营经济发展的若干措施");
	is_str(b.ptr, "", "no issuer from a title without one");
	buf_release(&b);
	buf_release(&out);
}

/* The topics of the demo site.yaml (names with descriptions, and a bare
 * name), matched against real items of the seeds. */
static void topics(void)
{
	static const char yaml[] =
	    "title: t\ntopics:\n"
	    "  - name: 资金补贴\n    description: 财政奖补、专项资金、一次性奖励和补助\n"
	    "  - name: 融资支持\n    description: "
	    "贷款、担保、投资基金、供应链和提单融资等金融支持\n"
	    "  - name: 技术改造\n    description: 设备更新、智能化改造和数字化转型\n"
	    "  - name: 基础设施\n    description: 交通、口岸和物流通道等基础设施建设\n"
	    "  - 物流\n";
	struct it_topics ts = {0};
	struct diag dg = DIAG_INIT;
	struct buf b = BUF_INIT;

	ok(it_topics_parse(&ts, yaml, sizeof yaml - 1, "site.yaml", &dg) == 0 && ts.n == 5,
	   "topics read from a site.yaml (maps and a bare name)");
	if (ts.n == 5)
		is_str(ts.v[1].keywords, "贷款\n担保\n投资基金\n供应链\n提单融资\n金融支持\n",
		       "keywords from a description split on 、和等");
	/* yuwangtai-huiqi-2025, 开封市 measures: 技改 subsidy */
	it_topics_match(
	    &b, &ts,
	    "（一）支持制造业企业技术改造。对设备（含软件）投资 300万元以上的技改示范项目"
	    "（技术改造、智能化改造、绿色化改造、安全提升改造），按照不超过设备（软件）实际"
	    "投资的 30％给予补助，单个企业每年最高不超过 200万元；（责任单位：市工业和信息化局）");
	is_str(b.ptr, "资金补贴、技术改造", "技术改造 subsidy item → 资金补贴、技术改造");
	buf_reset(&b);
	/* henan-gazette-2024-17, 豫政办〔2024〕40号 item 28 */
	it_topics_match(
	    &b, &ts,
	    "28. 强化用地供给，将四港联动项目作为支持重点，优先保障纳入国家、省级规划项目"
	    "建设用地需求。（责任单位：航空港区管委会、省发展改革委、自然资源厅按照职责分工负责）");
	is_str(b.ptr, "", "no topic when nothing matches (no guessing)");
	buf_reset(&b);
	it_topics_match(&b, &ts, "对企业新增贷款给予贴息。（责任单位：省交通运输厅、省财政厅）");
	is_str(b.ptr, "", "one short keyword (贷款) is not enough; 责任单位 names are ignored");
	buf_reset(&b);
	it_topics_match(&b, &ts, "对企业给予贷款贴息，并提供融资担保。");
	is_str(b.ptr, "融资支持", "a granted benefit (给予贷款) or two keywords match");
	buf_reset(&b);
	it_topics_match(
	    &b, &ts,
	    "14. 研究建设郑州国际陆港与高铁物流基地、郑州新郑国际机场南货运区智慧物流专用走廊项目");
	is_str(b.ptr, "物流", "a bare topic name matches by name");
	buf_release(&b);
	it_topics_free(&ts);
	ok(it_topics_parse(&ts, "topics: 3\n", 10, "site.yaml", &dg) < 0 &&
	       strstr(dg.text.ptr, "site.yaml:1:9: error: 'topics' must be a list"),
	   "a bad topics value is an error with its position");
	it_topics_free(&ts);
	diag_release(&dg);
}

/* Render document 1 of text and return the file text (caller frees). */
static char *render1(struct import_comp *c, const char *text)
{
	struct buf out = BUF_INIT;
	parse(c, text);
	if (c->ndocs)
		import_render_doc(&out, c, &c->docs[0]);
	return buf_detach(&out, NULL);
}

/* Tables from tab-separated rows and from web exports with <p>/<td> cells;
 * cells with | escaped; rows that are no table become text. */
static void tables(void)
{
	struct import_comp c;
	char *o;
	const char *head = "滨河市人民政府关于印发测试办法的通知\n滨政〔2024〕5号\n"
			   "各区县人民政府：\n现印发给你们。\n";
	struct buf in = BUF_INIT;

	buf_printf(&in, "%s%s", head,
		   "<p>序号</p><p>区县</p><p>备注</p>\n<p>1</p><p>滨北区</p><p>a|b</p>\n"
		   "<tr><td><p>2</p></td><td><p>河东&amp;县</p></td><td></td></tr>\n");
	o = render1(&c, in.ptr);
	ok(strstr(o, "| 序号 | 区县 | 备注 |\n| --- | --- | --- |\n| 1 | 滨北区 | a\\|b |\n"
		     "| 2 | 河东&县 |  |\n") != NULL,
	   "<p> and <td> cells become a GFM table, | escaped");
	free(o);
	import_free(&c);
	buf_reset(&in);
	buf_printf(&in, "%s%s", head, "序号\t项目\t单位\n1\t技改\t市工信局\n2\t上市\t市金融局\n");
	o = render1(&c, in.ptr);
	ok(strstr(o, "| 序号 | 项目 | 单位 |\n| --- | --- | --- |\n| 1 | 技改 | 市工信局 |\n") !=
	       NULL,
	   "tab-separated rows become a GFM table");
	free(o);
	import_free(&c);
	buf_reset(&in);
	buf_printf(&in, "%s%s", head, "<p>第一段。</p><p>第二段。</p>\n<p>只有一段。</p>\n");
	o = render1(&c, in.ptr);
	ok(strstr(o, "第一段。\n\n第二段。\n\n只有一段。\n") != NULL && !strstr(o, "|"),
	   "<p> paragraphs that are no table become text");
	free(o);
	import_free(&c);
	buf_release(&in);
}

/* The compilation title without --title. */
static void titles(void)
{
	struct import_comp c;
	const char *doc = "滨河市人民政府关于印发测试办法的通知\n滨政〔2024〕5号\n"
			  "各区县人民政府：\n现印发给你们。\n";
	struct buf in = BUF_INIT;

	buf_printf(&in, " 序 言\n为进一步优化营商环境，编制本汇编。\n一、国家惠企政策汇编\n%s",
		   doc);
	memset(&c, 0, sizeof c);
	it_split(&c.lines, "dir/yuwangtai-huiqi-2025.txt", in.ptr);
	import_parse(&c, NULL);
	ok(strcmp(c.title, "yuwangtai-huiqi-2025") == 0 && c.title_from_name,
	   "a preface (序言) is never the title: the file name is used");
	struct buf out = BUF_INIT;
	if (c.ndocs)
		import_render_doc(&out, &c, &c.docs[0]);
	ok(c.ndocs == 1 && !strstr(out.ptr, "source:"), "no source: from a file name");
	buf_release(&out);
	import_free(&c);
	buf_reset(&in);
	buf_printf(&in,
		   "目 录\n 河南省人民政府公报\n**2024**\n第17号 (总第509号)\n2024年9月10日\n%s",
		   doc);
	memset(&c, 0, sizeof c);
	it_split(&c.lines, "g.txt", in.ptr);
	import_parse(&c, NULL);
	is_str(c.title, "河南省人民政府公报 2024年第17号（总第509号）",
	       "a gazette cover: name, year and issue");
	import_free(&c);
	buf_release(&in);
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
	depts_rules();
	measure_paras();
	rules();
	topics();
	tables();
	titles();
	return tap_done();
}
