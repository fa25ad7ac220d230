#!/usr/bin/env python3
"""views-corpus.py OUT N - write a content folder of N documents for the views
benchmark, made from the demo content (content/ of this repository): every
document of the demo is copied round-robin with a new title, 发文字号 and
dates (2010-2025, some with 施行/失效 dates), in compilations of 500
documents.  Relations, sections and `order` are dropped (they would point at
the wrong documents); issuers, level, topics and the measures in the bodies
are kept, so departments and topics repeat as in real content.
Deterministic: the same N gives the same files."""
import os, random, re, sys

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
src = os.path.join(top, "content")
out, n = sys.argv[1], int(sys.argv[2])
DROP = {"title", "number", "signed", "published", "effective", "expires", "status",
        "supersedes", "repeals", "amends", "section", "order", "attachment"}

seeds = []
for comp in sorted(os.listdir(src)):
    d = os.path.join(src, comp)
    if not os.path.isdir(d):
        continue
    for f in sorted(os.listdir(d)):
        if f.endswith(".md") and f != "_index.md":
            text = open(os.path.join(d, f), encoding="utf-8").read()
            m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
            if not m:
                continue
            keep, skipping = [], False
            for line in m.group(1).split("\n"):
                key = re.match(r"([a-z_]+):", line)
                if key:
                    skipping = key.group(1) in DROP
                elif not line.startswith((" ", "\t", "-")):
                    skipping = False
                if not skipping:
                    keep.append(line)
            title = re.search(r'^title:\s*"?(.*?)"?\s*$', m.group(1), re.M)
            seeds.append((title.group(1) if title else f, "\n".join(keep), m.group(2)))
if not seeds:
    sys.exit("no documents in " + src)
rnd = random.Random(42)
os.makedirs(out, exist_ok=True)
site = open(os.path.join(src, "site.yaml"), encoding="utf-8").read()
open(os.path.join(out, "site.yaml"), "w", encoding="utf-8").write(site)
for i in range(n):
    comp = "bench-%02d" % (i // 500)
    cdir = os.path.join(out, comp)
    if i % 500 == 0:
        os.makedirs(cdir, exist_ok=True)
        with open(os.path.join(cdir, "_index.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: 基准汇编第%d册\n---\n" % (i // 500 + 1))
    title, front, body = seeds[i % len(seeds)]
    y, m, d = rnd.randint(2010, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
    extra = "signed: %04d-%02d-%02d\n" % (y, m, d)
    if rnd.random() < 0.5:
        extra += "effective: %04d-%02d-%02d\n" % (y, m, min(d + 1, 28))
    if rnd.random() < 0.3:
        extra += "expires: %04d-%02d-%02d\n" % (y + rnd.randint(1, 5), m, d)
    with open(os.path.join(cdir, "d%05d.md" % i), "w", encoding="utf-8") as f:
        f.write('---\ntitle: "%s（第%d号）"\nnumber: "豫测〔%d〕%d号"\n%s%s\n---\n%s' %
                (title.replace('"', "'"), i, y, i, extra, front, body))
