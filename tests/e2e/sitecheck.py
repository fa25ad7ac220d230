#!/usr/bin/env python3
"""sitecheck.py - checks on a built site, used by the end-to-end tests.

  sitecheck.py links DIR    every relative href/src of every page resolves to a
                            file of the site, and every #fragment to an id there
  sitecheck.py html DIR     every page is well-formed HTML5: balanced elements,
                            one <html>/<head>/<body>/<title>, UTF-8 meta, CSP meta
  sitecheck.py safe DIR     nothing executable: no inline <script>, no script
                            src outside the site's static/, no on* attributes,
                            no javascript:/vbscript:/data: URLs (but data:image
                            in img src), no iframe/object/embed/base/meta refresh

Prints one line per problem and exits 1 if there is any.
"""
import os
import sys
import urllib.parse
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
# Elements whose end tag HTML lets the parser imply.
OPTIONAL_END = {"li", "dt", "dd", "p", "tr", "td", "th", "thead", "tbody", "option"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.problems, self.stack = set(), [], [], []
        self.tags, self.scripts, self.meta = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, attrs, self.getpos()))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for k in ("href", "src"):
            if a.get(k) is not None:
                self.links.append((tag, k, a[k], self.getpos()))
        if tag == "meta":
            self.meta.append(a)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append("%s: end tag for void element </%s>" % (self.getpos(), tag))
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append("line %d: unexpected </%s> (open: %s)" % (
                self.getpos()[0], tag, "/".join(t for t, _ in self.stack[-4:])))
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script" and data.strip():
            self.scripts.append(data)


def pages(root):
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if f.endswith(".html"):
                yield os.path.join(d, f)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as fp:
        p.feed(fp.read())
    p.close()
    return p


def check_links(root):
    problems, cache = [], {}
    root = os.path.realpath(root)
    for page in pages(root):
        p = cache.setdefault(page, parse(page))
        for tag, attr, url, pos in p.links:
            u = urllib.parse.urlsplit(url)
            if u.scheme or u.netloc or url.startswith("/"):
                if u.scheme in ("http", "https", "mailto") and not tag == "link":
                    continue
                problems.append("%s:%d: not a relative link: %s" % (page, pos[0], url))
                continue
            target = page if not u.path else os.path.normpath(
                os.path.join(os.path.dirname(page), urllib.parse.unquote(u.path)))
            if not os.path.realpath(target).startswith(root + os.sep):
                problems.append("%s:%d: link leaves the site: %s" % (page, pos[0], url))
            elif not os.path.isfile(target):
                problems.append("%s:%d: broken link: %s" % (page, pos[0], url))
            elif u.fragment and target.endswith(".html"):
                t = cache.setdefault(target, parse(target))
                if urllib.parse.unquote(u.fragment) not in t.ids:
                    problems.append("%s:%d: no id '%s' in %s" % (page, pos[0], u.fragment, target))
    return problems


def check_html(root):
    problems = []
    for page in pages(root):
        p = parse(page)
        problems += ["%s: %s" % (page, m) for m in p.problems]
        problems += ["%s: unclosed <%s> from line %d" % (page, t, pos[0]) for t, pos in p.stack
                     if t not in OPTIONAL_END]
        names = [t for t, _, _ in p.tags]
        for must in ("html", "head", "body", "title"):
            if names.count(must) != 1:
                problems.append("%s: %d <%s> elements" % (page, names.count(must), must))
        with open(page, encoding="utf-8") as fp:
            if not fp.read(15).lower().startswith("<!doctype html>"):
                problems.append("%s: no <!DOCTYPE html>" % page)
        if not any(m.get("charset", "").lower() == "utf-8" for m in p.meta):
            problems.append("%s: no <meta charset=utf-8>" % page)
        if not any(m.get("http-equiv", "").lower() == "content-security-policy" for m in p.meta):
            problems.append("%s: no Content-Security-Policy meta" % page)
    return problems


BAD_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


def check_safe(root):
    problems = []
    root = os.path.realpath(root)
    for page in pages(root):
        p = parse(page)
        for tag, attrs, pos in p.tags:
            where = "%s:%d" % (page, pos[0])
            a = dict(attrs)
            for k, v in attrs:
                if k.startswith("on"):
                    problems.append("%s: event attribute %s on <%s>" % (where, k, tag))
                if k in ("href", "src", "action", "formaction", "xlink:href", "data") and v:
                    scheme = urllib.parse.urlsplit(v.strip()).scheme.lower()
                    if scheme in ("javascript", "vbscript") or (
                            scheme == "data" and not (tag == "img" and k == "src" and
                                                      v.lower().startswith("data:image/"))):
                        problems.append("%s: %s URL in %s=%r" % (where, scheme, k, v))
            if tag in BAD_TAGS:
                problems.append("%s: <%s> element" % (where, tag))
            if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
                problems.append("%s: meta refresh" % where)
            if tag == "script":
                src = a.get("src")
                target = src and os.path.realpath(os.path.join(os.path.dirname(page), src))
                if not src or not target.startswith(os.path.join(root, "static") + os.sep) \
                        or not os.path.isfile(target):
                    problems.append("%s: script that is not one of the site's own files: %r" % (
                        where, src))
        problems += ["%s: inline script: %r" % (page, s[:60]) for s in p.scripts]
    return problems


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("links", "html", "safe"):
        sys.exit(__doc__)
    check = {"links": check_links, "html": check_html, "safe": check_safe}[sys.argv[1]]
    problems = check(sys.argv[2])
    for m in problems:
        print(m)
    n = sum(1 for _ in pages(sys.argv[2]))
    print("# %s: %d pages, %d problems" % (sys.argv[1], n, len(problems)))
    sys.exit(1 if problems or n == 0 else 0)


if __name__ == "__main__":
    main()
