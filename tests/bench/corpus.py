#!/usr/bin/env python3
"""corpus.py - a large, deterministic content repository for huibian benchmarks.

    tests/bench/corpus.py --docs N [--commits C] [--seed S] --out DIR [--force]
                          [--source CONTENT]

makes DIR a git repository whose DIR/content/ is a huibian content folder:
site.yaml (40 departments, 30 topics), compilations of 100-500 documents
each (with _index.md), and N documents with full front matter (title, unique
发文字号, issuers, signed/published/effective/expires dates, level, kind,
topics, section, order, sometimes supersedes/repeals/amends pointing at
earlier documents by path or by 发文字号).

The bodies are assembled from the REAL text of the project's own demo
content (CONTENT, default: the content/ folder of this repository, read at
run time): real paragraphs, headings and GFM tables, re-numbered under
第X章/第X条 or 一、/（一）/1. headings, with measure comments after numbered
paragraphs and citations of other documents by 发文字号.  Body sizes follow a
log-normal spread around a mean of about 15 KB (10,000 documents make about
154 MB of Markdown).

History: the first commits add the documents in batches (about 500 per
commit), then every further commit edits 1-5 documents (changes an article,
adds a measure, and now and then renames a document).  C defaults to
N/10 + 20 (1,020 commits for 10,000 documents).  The history is written with
one `git fast-import`, with fixed names and dates, so the same arguments
give the same commit ids on any machine; the work tree is then populated
with `git read-tree -u`.

Everything depends only on (N, C, S) and the source texts.  Only the Python
standard library and the git command are used.
"""

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

# canonical name, aliases, 发文字号 prefix, file-name abbreviation, level
DEPARTMENTS = [
    ("河南省人民政府办公厅", ["省政府办公厅"], "豫政办", "yzb", "省"),
    ("河南省发展和改革委员会", ["省发展改革委", "发展改革委"], "豫发改", "yfg", "省"),
    ("河南省财政厅", ["省财政厅", "财政厅"], "豫财", "ycz", "省"),
    ("河南省工业和信息化厅", ["省工业和信息化厅", "省工信厅", "工业和信息化厅"], "豫工信", "ygx", "省"),
    ("河南省交通运输厅", ["省交通运输厅", "交通运输厅"], "豫交", "yjt", "省"),
    ("河南省商务厅", ["省商务厅", "商务厅"], "豫商", "ysw", "省"),
    ("河南省自然资源厅", ["省自然资源厅", "自然资源厅"], "豫自然资", "yzr", "省"),
    ("河南省生态环境厅", ["省生态环境厅", "生态环境厅"], "豫环", "yhj", "省"),
    ("河南省人力资源和社会保障厅", ["省人力资源社会保障厅", "人力资源社会保障厅"], "豫人社", "yrs", "省"),
    ("河南省农业农村厅", ["省农业农村厅", "农业农村厅"], "豫农", "ynn", "省"),
    ("河南省科学技术厅", ["省科技厅", "科技厅"], "豫科", "ykj", "省"),
    ("河南省住房和城乡建设厅", ["省住房城乡建设厅", "住房城乡建设厅"], "豫建", "yjs", "省"),
    ("河南省水利厅", ["省水利厅", "水利厅"], "豫水", "ysl", "省"),
    ("河南省文化和旅游厅", ["省文化和旅游厅", "文化和旅游厅"], "豫文旅", "ywl", "省"),
    ("河南省卫生健康委员会", ["省卫生健康委", "卫生健康委"], "豫卫", "ywj", "省"),
    ("河南省应急管理厅", ["省应急管理厅"], "豫应急", "yyj", "省"),
    ("河南省市场监督管理局", ["省市场监管局"], "豫市监", "ysj", "省"),
    ("河南省行政审批和政务信息管理局", ["省行政审批政务信息管理局", "行政审批政务信息管理局"], "豫政务", "yzw", "省"),
    ("河南省人民政府国有资产监督管理委员会", ["省政府国资委"], "豫国资", "ygz", "省"),
    ("河南省医疗保障局", ["省医保局"], "豫医保", "yyb", "省"),
    ("河南省文物局", ["省文物局"], "豫文物", "yww", "省"),
    ("河南省科学院", ["省科学院"], "豫科院", "ykx", "省"),
    ("河南省气象局", ["省气象局"], "豫气", "yqx", "省"),
    ("河南省邮政管理局", ["省邮政管理局", "邮政管理局"], "豫邮管", "yyg", "省"),
    ("河南省供销合作总社", ["省供销社", "供销社"], "豫供销", "ygy", "省"),
    ("中共河南省委金融委员会办公室", ["省委金融办"], "豫金办", "yjb", "省"),
    ("中共河南省委网络安全和信息化委员会办公室", ["省委网信办"], "豫网信", "ywx", "省"),
    ("中国人民银行河南省分行", ["人行河南省分行"], "豫银", "yyh", "省"),
    ("国家金融监督管理总局河南监管局", ["金融监管总局河南监管局", "河南金融监管局"], "豫金监", "yjj", "国家"),
    ("国家税务总局河南省税务局", ["省税务局", "税务局"], "豫税", "yss", "国家"),
    ("中华人民共和国郑州海关", ["郑州海关"], "郑关", "zgs", "国家"),
    ("郑州航空港经济综合实验区管理委员会", ["航空港区管委会", "郑州航空港区管委会"], "郑港管", "zgg", "市"),
    ("郑州市人民政府", ["郑州市政府"], "郑政", "zz", "市"),
    ("郑州市人民政府办公厅", ["郑州市政府办公厅"], "郑政办", "zzb", "市"),
    ("郑州市金水区人民政府", ["金水区政府"], "金政", "jsq", "区县"),
    ("郑州市二七区人民政府", ["二七区政府"], "二七政", "eqq", "区县"),
    ("中豫航空集团有限公司", ["中豫航空集团", "航空集团"], "中豫航", "zyh", "省"),
    ("河南省铁路建设投资集团有限公司", ["河南铁建投集团", "铁建投集团"], "豫铁建", "ytj", "省"),
    ("河南投资集团有限公司", ["河南投资集团", "投资集团"], "豫投", "ytz", "省"),
    ("河南交通投资集团有限公司", ["河南交通投资集团"], "豫交投", "yjo", "省"),
]

TOPICS = [
    ("资金补贴", "财政奖补、专项资金、一次性奖励和补助"),
    ("税费减免", "税收优惠、出口退税和行政事业性收费减免"),
    ("融资支持", "贷款、担保、投资基金、供应链和提单融资等金融支持"),
    ("人才", "人才引进、技能培养、评价激励和职称晋升"),
    ("用地", "建设用地保障、土地供应方式和过渡期政策"),
    ("技术改造", "设备更新、智能化改造和数字化转型"),
    ("数据要素", "数据资源开发利用、流通交易和场景应用"),
    ("物流", "物流枢纽、多式联运、寄递配送和供应链体系"),
    ("基础设施", "交通、口岸和物流通道等基础设施建设"),
    ("创新", "研发攻关、标准研制和新模式新业态"),
    ("产业培育", "龙头企业、产业集群和招商引资"),
    ("市场准入", "准入条件、产能置换、资质许可和市场开放"),
    ("营商环境", "信用建设、减证便民和降低制度性交易成本"),
    ("就业", "就业岗位、职业技能提升和劳动者权益"),
    ("消费", "促消费活动、商贸流通和电子商务"),
    ("外贸", "跨境电商、国际班列航线和口岸通关便利"),
    ("绿色发展", "节能降碳、生态环境保护和资源循环利用"),
    ("政务服务", "一网通办、高效办成一件事和政务数据共享"),
    ("乡村振兴", "农村寄递物流、农产品上行和涉农金融服务"),
    ("知识产权", "专利创造、运用、保护和知识产权质押融资"),
    ("中小企业", "专精特新、小微企业纾困和公共服务"),
    ("民营经济", "民营企业发展环境、权益保护和政企沟通"),
    ("开放合作", "自贸试验区、开发区和对外经贸合作"),
    ("文化旅游", "文旅融合、景区建设和文旅消费"),
    ("现代农业", "高标准农田、种业和农产品加工"),
    ("先进制造", "制造业高质量发展和重点产业链"),
    ("现代服务业", "生产性服务业、服务外包和平台经济"),
    ("能源保障", "电力、燃气供应和新能源开发"),
    ("标准品牌", "标准化建设、质量提升和品牌培育"),
    ("安全生产", "安全生产责任、隐患排查和应急处置"),
]

KINDS_RULES = ["办法", "规定", "细则", "办法", "实施细则"]
KINDS_NOTICE = ["通知", "意见", "方案", "措施", "通知", "实施意见", "若干措施", "行动方案"]
SECTIONS = ["省政府文件", "省政府办公厅文件", "部门文件", "配套文件", "市县文件",
            "政策解读", "附件"]
AUTHORS = [("张伟", "zhangwei@example.org"), ("李娜", "lina@example.org"),
           ("王芳", "wangfang@example.org"), ("刘洋", "liuyang@example.org"),
           ("陈静", "chenjing@example.org")]
MODES = ["申报", "免申即享", "快申快享"]
BASE_TIME = 1704070800  # 2024-01-01 09:00 +0800
CN_DIGITS = "零一二三四五六七八九"
NUMBERING = re.compile(
    r"^(?:\d+\\?[.、．]\s*|[（(][一二三四五六七八九十]+[）)]\s*|[一二三四五六七八九十]+、\s*|"
    r"第[一二三四五六七八九十百]+[条章节]\s*)")


def cn(n):
    """Chinese numeral for 1..999."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    s = CN_DIGITS[n // 100] + "百"
    if rest == 0:
        return s
    if rest < 10:
        return s + "零" + CN_DIGITS[rest]
    return s + (CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nbytes(s):
    return len(s.encode("utf-8"))


# ---------------------------------------------------------------- source texts

class Pool:
    """Real paragraphs, headings, tables, title subjects and amounts."""

    def __init__(self, source):
        self.paras, self.headings, self.short, self.tables = [], [], [], []
        self.subjects, self.amounts = [], []
        files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(source)
                       for f in fs if f.endswith(".md") and f != "_index.md")
        if not files:
            sys.exit(f"corpus.py: no documents in {source}")
        for f in files:
            with open(f, encoding="utf-8") as fh:
                self._add(fh.read())
        self.paras = sorted(set(self.paras))
        self.headings = sorted(set(self.headings))
        self.short = sorted(set(self.short))
        self.subjects = sorted(set(self.subjects))
        self.amounts = sorted(set(self.amounts)) or ["最高100万元"]
        if len(self.paras) < 50 or len(self.headings) < 20 or not self.subjects:
            sys.exit(f"corpus.py: too little text in {source}")
        self.para_bytes = [nbytes(p) for p in self.paras]

    def _add(self, text):
        body = text
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end > 0:
                for line in text[4:end].split("\n"):
                    m = re.match(r'(title|attachment): *"?(.*?)"?$', line)
                    if m:
                        t = m.group(2)
                        s = re.search(r"关于(?:印发|转发)?(.{6,60}?)的(?:通知|意见|决定|批复|函)$", t)
                        if s:
                            self.subjects.append(s.group(1).strip("《》"))
                        elif m.group(1) == "attachment" and 6 <= len(t) <= 60:
                            self.subjects.append(t)
                body = text[end + 5:]
        for block in re.split(r"\n\s*\n", body):
            block = block.strip()
            if not block:
                continue
            if block.startswith("#"):
                h = NUMBERING.sub("", block.lstrip("#").strip()).strip()
                if 4 <= len(h) <= 40 and "\n" not in h:
                    self.headings.append(h)
                    if len(h) <= 12:
                        self.short.append(h)
            elif block.startswith("|"):
                lines = block.split("\n")
                if len(lines) >= 3 and all(l.startswith("|") for l in lines) and \
                        re.match(r"^\|[\s:|-]+\|$", lines[1]):
                    self.tables.append(block)
            elif block.startswith("<!--") or block.startswith("---") or \
                    block.startswith("- ") or block.startswith(">"):
                continue
            else:
                p = NUMBERING.sub("", " ".join(block.split("\n"))).strip()
                # keep real prose; drop signatures, dates and short lines
                if len(p) >= 30 and not p.startswith("（此件") and "<" not in p:
                    self.paras.append(p)
                    for a in re.findall(r"(?:最高|最多|一次性)?(?:奖励|补助|补贴|给予)?\d+(?:\.\d+)?(?:万元|亿元)", p):
                        if len(a) <= 20:
                            self.amounts.append(a)


# ---------------------------------------------------------------- documents

class Doc:
    __slots__ = ("idx", "comp", "name", "fm", "blocks", "number", "title",
                 "issuers", "slug_referenced", "renames", "signed", "kind", "fm_dates")

    def path(self):
        return f"content/{self.comp}/{self.name}.md"

    def slug(self):
        return f"{self.comp}/{self.name}"

    def text(self):
        return "---\n" + self.fm + "---\n\n" + "\n\n".join(b[1] for b in self.blocks) + "\n"


class Generator:
    def __init__(self, args, pool):
        self.rng = random.Random(args.seed)
        self.pool = pool
        self.n = args.docs
        self.docs = []
        self.numbers = set()
        self.serial = {}

    # -- small pieces
    def para(self):
        i = self.rng.randrange(len(self.pool.paras))
        return self.pool.paras[i], self.pool.para_bytes[i]

    def dept_aliases(self, k):
        out = []
        for d in self.rng.sample(DEPARTMENTS, k):
            out.append(self.rng.choice(d[1]) if self.rng.random() < 0.7 else d[0])
        return out

    def measure(self, topics):
        r = self.rng
        ts = list(topics[:r.randint(1, len(topics))])
        if r.random() < 0.3:
            ts.append(r.choice(TOPICS)[0])
        attrs = [f'topics="{"、".join(dict.fromkeys(ts))}"',
                 f'depts="{"、".join(self.dept_aliases(r.randint(1, 4)))}"']
        if r.random() < 0.5:
            attrs.append(f'amount="{r.choice(self.pool.amounts)}"')
        if r.random() < 0.2:
            attrs.append('beneficiaries="省内依法登记的中小企业"')
        if r.random() < 0.2:
            attrs.append(f'deadline="{r.randint(2016, 2027)}-{r.randint(1, 12):02d}-28"')
        if r.random() < 0.3:
            attrs.append(f'mode="{r.choice(MODES)}"')
        return "<!-- measure " + " ".join(attrs) + " -->"

    def cite(self, d):
        return f"《{d.title}》（{d.number}）"

    def earlier(self, idx):
        """A random earlier document (idx > 0)."""
        return self.docs[self.rng.randrange(idx)]

    def new_number(self, dept, year):
        key = (dept[2], year)
        s = self.serial.get(key, 0) + self.rng.randint(1, 9)
        self.serial[key] = s
        return f"{dept[2]}〔{year}〕{s}号", f"{dept[3]}-{year}-{s}"

    def target_size(self):
        # log-normal, mean ~15.4 KB (median ~11 KB), clipped to 1.5-300 KB
        return int(min(300000, max(1500, self.rng.lognormvariate(math.log(6190), 0.82))))

    # -- bodies
    def body_rules(self, d, topics, target, cites):
        r, blocks, size = self.rng, [], 0
        art = 0
        chapter = 0
        intro = "为" + r.choice(self.pool.headings) + "，根据" + \
            ("、".join(self.cite(c) for c in cites) if cites else "有关法律法规") + \
            f"等规定，结合本省实际，制定本{d.kind}。"
        while size < target:
            chapter += 1
            name = "总则" if chapter == 1 else r.choice(self.pool.short)
            blocks.append(("h", f"## 第{cn(chapter)}章 {name}"))
            for _ in range(r.randint(3, 8)):
                art += 1
                blocks.append(("h", f"### 第{cn(art)}条 {r.choice(self.pool.short)}"))
                if art == 1:
                    blocks.append(("p", intro))
                    size += nbytes(intro)
                    continue
                for _ in range(r.choice((1, 1, 1, 2, 3))):
                    text, nb = self.para()
                    blocks.append(("p", text))
                    size += nb
                    if r.random() < 0.25:
                        blocks.append(("m", self.measure(topics)))
                if self.pool.tables and r.random() < 0.03:
                    blocks.append(("t", r.choice(self.pool.tables)))
        art += 1
        blocks.append(("h", f"### 第{cn(art)}条 施行日期"))
        blocks.append(("p", f"本{d.kind}自{d.fm_dates['effective']}起施行。"))
        return blocks

    def body_notice(self, d, topics, target, cites, recipients):
        r, blocks, size = self.rng, [], 0
        blocks.append(("p", recipients + "："))
        basis = "、".join(self.cite(c) for c in cites) if cites else "国家和省有关部署"
        blocks.append(("p", f"为贯彻落实{basis}，{r.choice(self.pool.headings)}，现提出以下{d.kind}。"))
        sec = item = 0
        while size < target:
            sec += 1
            blocks.append(("h", f"## {cn(sec)}、{r.choice(self.pool.headings)}"))
            subs = r.randint(0, 4)
            for sub in range(max(1, subs)):
                if subs:
                    blocks.append(("h", f"### （{cn(sub + 1)}）{r.choice(self.pool.headings)}"))
                for _ in range(r.randint(2, 5)):
                    item += 1
                    text, nb = self.para()
                    if r.random() < 0.4:
                        text += "（责任单位：" + "、".join(self.dept_aliases(r.randint(1, 3))) + \
                            "按照职责分工负责）"
                    if cites and r.random() < 0.05:
                        text += "按照" + self.cite(r.choice(cites)) + "有关规定执行。"
                    blocks.append(("p", f"{item}\\. {text}"))
                    size += nb
                    if r.random() < 0.35:
                        blocks.append(("m", self.measure(topics)))
                if self.pool.tables and r.random() < 0.04:
                    blocks.append(("t", r.choice(self.pool.tables)))
        return blocks

    def make_doc(self, idx, comp, sections, order):
        r = self.rng
        d = Doc()
        d.idx, d.comp, d.slug_referenced, d.renames = idx, comp, False, 0
        ndept = 1 if r.random() < 0.8 else r.randint(2, 3)
        depts = r.sample(DEPARTMENTS, ndept)
        year = r.randint(2015, 2025)
        d.number, d.name = self.new_number(depts[0], year)
        d.issuers = [x[0] for x in depts]
        rules = r.random() < 0.3
        d.kind = r.choice(KINDS_RULES if rules else KINDS_NOTICE)
        subject = r.choice(self.pool.subjects)
        if r.random() < 0.3:
            subject += f"（{year}—{year + 2}年）"
        issuer_title = d.issuers[0] if ndept == 1 else "、".join(
            x[1][0] if x[1] else x[0] for x in depts)
        d.title = f"{issuer_title}关于印发{subject}的{d.kind}" if r.random() < 0.5 \
            else f"{issuer_title}关于{subject}的{d.kind}"
        month, day = r.randint(1, 12), r.randint(1, 28)
        signed = (year, month, day)
        pub = self.add_days(signed, r.randint(0, 15))
        eff = self.add_days(pub, r.choice((0, 0, 0, 10, 30)))
        d.fm_dates = {"effective": f"{eff[0]}年{eff[1]}月{eff[2]}日"}
        topics = [t[0] for t in r.sample(TOPICS, r.randint(1, 4))]
        level = depts[0][4] if r.random() < 0.95 else r.choice(["国家", "省", "市", "区县"])
        recipients = r.choice(["各省辖市人民政府，济源示范区、航空港区管委会，省人民政府各部门",
                               "各省辖市财政局、工业和信息化主管部门", "各有关单位",
                               "各区县（市）人民政府，市人民政府各部门，各有关单位"])
        fm = [f"title: {yq(d.title)}", f"number: {yq(d.number)}", "issuers:"]
        fm += [f"  - {yq(x)}" for x in d.issuers]
        if not rules:
            fm.append(f"recipients: {yq(recipients)}")
        fm.append("signed: %04d-%02d-%02d" % signed)
        if r.random() < 0.8:
            fm.append("published: %04d-%02d-%02d" % pub)
        fm.append("effective: %04d-%02d-%02d" % eff)
        if r.random() < 0.35:
            fm.append("expires: %04d-%02d-%02d" % (eff[0] + r.randint(1, 5), eff[1], eff[2]))
        fm.append(f"level: {yq(level)}")
        fm.append(f"kind: {yq(d.kind)}")
        fm.append("topics: [" + ", ".join(topics) + "]")
        fm.append(f"section: {yq(r.choice(sections))}")
        fm.append(f"order: {order}")
        if r.random() < 0.3:
            fm.append(f"source: {yq(f'河南省人民政府公报{year}年第{r.randint(1, 36)}号 第{r.randint(1, 80)}页')}")
        cites = []
        if idx > 0:
            for key, p in (("supersedes", 0.08), ("repeals", 0.04), ("amends", 0.05)):
                if r.random() >= p:
                    continue
                targets = list({id(t): t for t in
                                (self.earlier(idx) for _ in range(r.randint(1, 2)))}.values())
                fm.append(f"{key}:")
                for t in targets:
                    if r.random() < 0.5:
                        t.slug_referenced = True
                        fm.append(f"  - {t.slug()}")
                    else:
                        fm.append(f"  - {yq(t.number)}")
                cites += targets
            if r.random() < 0.3:
                cites += [self.earlier(idx) for _ in range(r.randint(1, 3))]
            cites = list({id(c): c for c in cites}.values())
        d.fm = "\n".join(fm) + "\n"
        target = self.target_size()
        if rules:
            d.blocks = self.body_rules(d, topics, target, cites)
        else:
            d.blocks = self.body_notice(d, topics, target, cites, recipients)
            if any(l.startswith(("supersedes", "repeals")) for l in fm):
                old = [c for c in cites][:2]
                d.blocks.append(("p", f"本{d.kind}自{d.fm_dates['effective']}起施行。" +
                                 "".join(self.cite(c) for c in old) + "同时废止。"))
            d.blocks.append(("p", issuer_title))
            d.blocks.append(("p", "%d年%d月%d日" % signed))
        del d.fm_dates
        return d

    @staticmethod
    def add_days(ymd, n):
        y, m, dd = ymd
        dd += n
        while dd > 28:
            dd -= 28
            m += 1
            if m > 12:
                m, y = 1, y + 1
        return (y, m, dd)

    # -- compilations
    def compilations(self):
        """[(name, index text, sections, ndocs)] covering self.n documents."""
        r, out, left, k = self.rng, [], self.n, 0
        while left > 0:
            k += 1
            size = min(left, r.randint(100, 500))
            if 0 < left - size < 50:
                size = left
            left -= size
            year = 2015 + (k * 7) % 11
            name = f"hb-{year}-{k:03d}"
            secs = r.sample(SECTIONS, r.randint(2, 4))
            preface = [self.para()[0] for _ in range(r.randint(1, 3))]
            text = ("---\n" + f"title: {yq(f'河南省惠企政策汇编（{year}年第{k}辑）')}\n" +
                    "editor: \"河南省惠企政策汇编编辑部\"\n" +
                    f"date: {year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}\n" +
                    "sections:\n" + "".join(f"  - {yq(s)}\n" for s in secs) + "---\n\n" +
                    f"本辑收录政策文件{size}件。\n\n" + "\n\n".join(preface) + "\n")
            out.append((name, text, secs, size))
        return out

    # -- edits
    def edit(self, d):
        """Change one document in place; returns a commit-message fragment."""
        r = self.rng
        paras = [i for i, b in enumerate(d.blocks) if b[0] == "p"]
        op = r.random()
        if op < 0.3:
            free = [i for i in paras if i + 1 >= len(d.blocks) or d.blocks[i + 1][0] != "m"]
            if free:
                i = r.choice(free)
                topics = re.search(r"topics: \[(.*)\]", d.fm).group(1).split(", ")
                d.blocks.insert(i + 1, ("m", self.measure(topics)))
                return f"《{d.title}》增加政策措施标注"
        i = r.choice(paras)
        kind, text = d.blocks[i]
        m = re.match(r"\d+\\\. ", text)
        prefix = m.group(0) if m else ""
        if r.random() < 0.5 and re.search(r"\d+", text[len(prefix):]):
            body = re.sub(r"\d+", lambda x: str(int(x.group(0)) + r.randint(1, 9)),
                          text[len(prefix):], count=1)
        else:
            body = self.para()[0]
        d.blocks[i] = (kind, prefix + body)
        return f"修改《{d.title}》第{cn(min(999, i + 1))}段"


# ---------------------------------------------------------------- git output

class FastImport:
    def __init__(self, repo, env):
        self.p = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--done"],
                                  stdin=subprocess.PIPE, env=env)
        self.out = self.p.stdin
        self.mark = 0
        self.time = BASE_TIME

    def data(self, b):
        self.out.write(b"data %d\n" % len(b))
        self.out.write(b)
        self.out.write(b"\n")

    def commit(self, rng, msg, changes):
        """changes: [("M", path, text)] or [("D", path)]."""
        self.mark += 1
        self.time += rng.randint(600, 3 * 86400)
        name, mail = AUTHORS[rng.randrange(len(AUTHORS))]
        w = self.out.write
        w(b"commit refs/heads/main\nmark :%d\n" % self.mark)
        who = f"{name} <{mail}> {self.time} +0800\n".encode()
        w(b"author " + who + b"committer " + who)
        self.data(msg.encode())
        if self.mark > 1:
            w(b"from :%d\n" % (self.mark - 1))
        for c in changes:
            if c[0] == "D":
                w(f"D {c[1]}\n".encode())
            else:
                w(f"M 100644 inline {c[1]}\n".encode())
                self.data(c[2].encode())
        w(b"\n")

    def close(self):
        self.out.write(b"done\n")
        self.out.close()
        if self.p.wait() != 0:
            sys.exit("corpus.py: git fast-import failed")


def site_yaml():
    lines = ["# generated by tests/bench/corpus.py", "title: 河南惠企政策汇编（基准测试语料）",
             "language: zh-CN", "departments:"]
    lines += [f"  {d[0]}: [{', '.join(d[1])}]" for d in DEPARTMENTS]
    lines.append("topics:")
    for name, desc in TOPICS:
        lines += [f"  - name: {name}", f"    description: {desc}"]
    return "\n".join(lines) + "\n"


def git_env(home):
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("GIT_"):
            del env[k]
    env.update(HOME=home, XDG_CONFIG_HOME=home, GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull,
               GIT_AUTHOR_NAME=AUTHORS[0][0], GIT_AUTHOR_EMAIL=AUTHORS[0][1],
               GIT_COMMITTER_NAME=AUTHORS[0][0], GIT_COMMITTER_EMAIL=AUTHORS[0][1],
               GIT_AUTHOR_DATE=f"{BASE_TIME} +0800", GIT_COMMITTER_DATE=f"{BASE_TIME} +0800",
               LC_ALL="C.UTF-8", TZ="UTC")
    return env


def generate(args):
    here = os.path.dirname(os.path.abspath(__file__))
    source = args.source or os.path.join(here, "..", "..", "content")
    pool = Pool(source)
    g = Generator(args, pool)
    r = g.rng
    commits = args.commits if args.commits else args.docs // 10 + 20
    comps = g.compilations()
    nadd = max(1, min(commits - 1 if commits > 1 else 1, math.ceil(args.docs / 500)))
    nedit = max(0, commits - nadd)

    if os.path.exists(args.out):
        if not args.force:
            sys.exit(f"corpus.py: {args.out} exists (use --force to replace it)")
        shutil.rmtree(args.out)
    home = tempfile.mkdtemp(prefix="huibian-corpus-home-")
    try:
        env = git_env(home)
        subprocess.run(["git", "init", "-q", "--initial-branch=main", args.out], env=env, check=True)
        fi = FastImport(args.out, env)
        # documents, in compilation order
        idx = 0
        for name, _, secs, size in comps:
            for order in range(1, size + 1):
                g.docs.append(g.make_doc(idx, name, secs, order))
                idx += 1
        per = math.ceil(len(g.docs) / nadd)
        done_comps = set()
        for b in range(nadd):
            batch = g.docs[b * per:(b + 1) * per]
            changes = []
            if b == 0:
                changes.append(("M", "content/site.yaml", site_yaml()))
            for name, text, _, _ in comps:
                if name not in done_comps and any(d.comp == name for d in batch):
                    done_comps.add(name)
                    changes.append(("M", f"content/{name}/_index.md", text))
            changes += [("M", d.path(), d.text()) for d in batch]
            fi.commit(r, f"收录政策文件第{b + 1}批（{len(batch)}件）", changes)
        # edits
        for _ in range(nedit):
            k = r.randint(1, 5)
            chosen = list({d.idx: d for d in (r.choice(g.docs) for _ in range(k))}.values())
            msgs, changes = [], []
            if r.random() < 0.08:
                d = chosen[0]
                if not d.slug_referenced:
                    old = d.path()
                    d.renames += 1
                    d.name = re.sub(r"-r\d+$", "", d.name) + f"-r{d.renames}"
                    changes.append(("D", old))
                    msgs.append(f"重命名 {old} 为 {d.path()}")
            for d in chosen:
                msgs.append(g.edit(d))
                changes.append(("M", d.path(), d.text()))
            fi.commit(r, msgs[0] + ("" if len(msgs) == 1 else f"等{len(msgs)}处修改") + "\n\n" +
                      "\n".join(msgs) + "\n", changes)
        fi.close()
        subprocess.run(["git", "-C", args.out, "read-tree", "-u", "--reset", "HEAD"], env=env,
                       check=True)
        head = subprocess.run(["git", "-C", args.out, "rev-parse", "HEAD"], env=env, check=True,
                              capture_output=True, text=True).stdout.strip()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in
                os.walk(os.path.join(args.out, "content")) for f in fs)
    print(f"corpus.py: {args.out}: {len(g.docs)} documents in {len(comps)} compilations, "
          f"{nadd + nedit} commits, {total / 1e6:.1f} MB of Markdown, HEAD {head}",
          file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="Generate a benchmark content repository.")
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--commits", type=int, default=0,
                    help="number of commits (default docs/10 + 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="the repository to create")
    ap.add_argument("--source", help="content folder with the real texts "
                    "(default: this repository's content/)")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = ap.parse_args()
    if args.docs < 1 or args.commits < 0:
        ap.error("--docs must be at least 1 and --commits not negative")
    generate(args)


if __name__ == "__main__":
    main()
