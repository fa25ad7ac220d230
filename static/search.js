/* search.js - huibian's full-text search page (search/index.html).
 *
 * Loads the index written by generator/searchwrite.c as <script> files that
 * call huibianSearch.manifest/shard/text (works from file:// too), and mirrors
 * generator/searchtok.c for queries: NFKC, lower case, the variant table of
 * the manifest, CJK bigrams (unigrams for lone characters) and words.  The
 * hits of all terms are ranked with BM25 plus a title/文号 boost; of the best
 * VERIFY the texts are loaded and an exact phrase ranks first.  Ties go to
 * 现行有效 before other statuses.  No innerHTML: all text goes in by
 * textContent.  Runs only on pages that have #search; the engine also runs
 * in node for the tests (huibianSearch.engine). */
(function (G) {
	'use strict';
	var FINAL = '0123456789abcdefghijklmnopqrstuv', CONT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-';
	var SYM = " !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
	var RANK = {current: 0, amended: 1, pending: 2, expired: 3, repealed: 4};
	var VERIFY = 40, PAGE = 20, K1 = 1.2, B = 0.75, TITLE = 1.0;
	var reCJK = /[\u2E80-\u2FDF\u3040-\u312F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{323AF}]/u;
	var reL = /\p{L}/u, reWord = /[\p{L}\p{M}\p{N}]/u, reSpace = /[\t-\r \x85\u2028\u2029\uFEFF\p{Zs}]/u;
	var H = G.huibianSearch = G.huibianSearch || {};
	var got = {}, waits = {};

	function arrive(key, data) {
		got[key] = data;
		if (waits[key]) waits[key].res(data);
	}
	H.manifest = function (m) { arrive('m', m); };
	H.shard = function (k, d) { arrive('s' + k, d); };
	H.text = function (i, a) { arrive('t' + i, a); };

	/* Character classes as in searchtok.c: 1 CJK, 2 word, 3 space, 0 other. */
	function cls(c) {
		if (c === '\u3007' || (reL.test(c) && reCJK.test(c))) return 1;
		if (reWord.test(c)) return 2;
		return reSpace.test(c) ? 3 : 0;
	}

	function Engine(base, loader) {
		this.base = base;
		this.loader = loader;
		this.shards = {};
		this.variants = {};
	}
	H.engine = function (base, loader) { return new Engine(base, loader); };

	/* A promise of the data registered under key, loading path if needed. */
	Engine.prototype.need = function (key, path) {
		if (key in got) return Promise.resolve(got[key]);
		if (!waits[key]) {
			var w = waits[key] = {};
			w.p = new Promise(function (res, rej) { w.res = res; w.rej = rej; });
			this.loader(this.base + path, function (ok) {
				if (key in got) return;
				delete waits[key];
				w.rej(new Error('cannot load ' + path));
			});
		}
		return waits[key].p;
	};

	Engine.prototype.init = function () {
		var self = this;
		return this.need('m', 'manifest.js').then(function (m) {
			var v = Array.from(m.variants), i;
			for (i = 0; i + 1 < v.length; i += 2) self.variants[v[i]] = v[i + 1];
			self.m = m;
			self.chars = Array.from(m.chars);
			return m;
		});
	};

	/* NFKC, then per code point lower case and variants (searchtok_normalize). */
	Engine.prototype.norm = function (s) {
		var out = '', vars = this.variants;
		for (var c of s.normalize('NFKC')) for (var d of c.toLowerCase()) out += vars[d] || d;
		return out;
	};

	/* Call fn(term, kind) for the terms of normalised s: 0 unigram, 1 bigram,
	 * 2 word, in the order of searchtok_terms. */
	function terms(s, fn) {
		var word = '', prev = null;
		for (var c of s) {
			var k = cls(c);
			if (k !== 2 && word) { fn(word, 2); word = ''; }
			if (k === 1) {
				fn(c, 0);
				if (prev !== null) fn(prev + c, 1);
				prev = c;
			} else if (k !== 3) prev = null;
			if (k === 2) word += c;
		}
		if (word) fn(word, 2);
	}
	H.terms = terms;

	/* The terms a query looks up: its bigrams and words, and each CJK
	 * character that is in none of its bigrams.  Spaces separate. */
	Engine.prototype.queryTerms = function (q) {
		var uni = [], out = [], seen = {};
		this.norm(q).split(reSpace).forEach(function (part) {
			terms(part, function (t, kind) {
				if (kind === 0) uni.push(t);
				else if (!seen[t]) { seen[t] = 1; out.push(t); }
			});
		});
		uni.forEach(function (u) {
			if (!seen[u] && !out.some(function (t) { return t.indexOf(u) >= 0; })) {
				seen[u] = 1;
				out.push(u);
			}
		});
		return out;
	};

	function fnv(c) {
		var h = 0x811c9dc5, b = new TextEncoder().encode(c);
		for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619) >>> 0;
		return h;
	}

	/* The postings string of term t ('' when absent). */
	Engine.prototype.postings = function (t) {
		var first = String.fromCodePoint(t.codePointAt(0)), self = this;
		var k = fnv(first) & (this.m.shards - 1);
		return this.need('s' + k, 's/' + k + '.js').then(function (data) {
			var map = self.shards[k];
			if (!map) {
				map = self.shards[k] = {};
				data.split('|').forEach(function (g) {
					var f = String.fromCodePoint(g.codePointAt(0)), e = {};
					g.slice(f.length).split(',').forEach(function (x) {
						var i = x.indexOf(':');
						e[x.slice(0, i)] = x.slice(i + 1);
					});
					map[f] = e;
				});
			}
			return (map[first] || {})[t.slice(first.length)] || '';
		});
	};

	/* {doc: [tf, flag]} of a postings string. */
	function decode(p) {
		var out = {}, nums = [], v = 0, doc = 0, i, d;
		for (i = 0; i < p.length; i++) {
			d = FINAL.indexOf(p[i]);
			if (d >= 0) { nums.push(v * 32 + d); v = 0; } else v = v * 32 + CONT.indexOf(p[i]);
		}
		for (i = 0; i + 1 < nums.length; i += 2) {
			doc += nums[i];
			out[doc] = [nums[i + 1] >> 1, nums[i + 1] & 1];
		}
		return out;
	}

	/* Does manifest row r pass the filters f ({level, dept, topic, year, status})? */
	Engine.prototype.pass = function (r, f) {
		var m = this.m;
		return (!f.level || m.levels[r[3]] === f.level) &&
			(!f.status || m.statuses[r[2]][0] === f.status) &&
			(!f.year || r[1].slice(0, 4) === f.year) &&
			(!f.dept || r[4].some(function (i) { return m.depts[i] === f.dept; })) &&
			(!f.topic || r[5].some(function (i) { return m.topics[i] === f.topic; }));
	};

	function order(a, b) {
		return b.phrase - a.phrase || b.score - a.score || a.rank - b.rank || a.id - b.id;
	}

	/* Promise of the ranked hits [{id, score, phrase, rank, row}] of q. */
	Engine.prototype.search = function (q, f) {
		var self = this, m = this.m, ts = this.queryTerms(q);
		f = f || {};
		if (!ts.length) return Promise.resolve(this.browse(f));
		return Promise.all(ts.map(function (t) { return self.postings(t); })).then(function (ps) {
			var lists = ps.map(decode), n = m.docs.length, avg = m.total / Math.max(n, 1), hits = [];
			var dfs = lists.map(function (l) { return Object.keys(l).length; });
			var best = dfs.indexOf(Math.min.apply(null, dfs));
			Object.keys(lists[best]).forEach(function (id) {
				var r = m.docs[id], s = 0;
				if (!self.pass(r, f)) return;
				for (var i = 0; i < lists.length; i++) {
					var p = lists[i][id];
					if (!p) return;
					var idf = Math.log(1 + (n - dfs[i] + 0.5) / (dfs[i] + 0.5));
					s += idf * (p[0] * (K1 + 1) / (p[0] + K1 * (1 - B + B * r[7] / avg)) + p[1] * TITLE);
				}
				hits.push({id: +id, score: Math.round(s * 1e6) / 1e6, phrase: 0, rank: rankOf(m, r), row: r});
			});
			hits.sort(order);
			return self.verify(q, hits);
		});
	};

	function rankOf(m, r) {
		var c = m.statuses[r[2]][0];
		return c in RANK ? RANK[c] : 5;
	}

	/* Without terms: the entries passing the filters, newest first. */
	Engine.prototype.browse = function (f) {
		var self = this, m = this.m, hits = [];
		if (!Object.keys(f).some(function (k) { return f[k]; })) return [];
		m.docs.forEach(function (r, id) {
			if (self.pass(r, f)) hits.push({id: id, score: 0, phrase: 0, rank: rankOf(m, r), row: r});
		});
		return hits.sort(function (a, b) { return a.row[1] < b.row[1] ? 1 : a.row[1] > b.row[1] ? -1 : order(a, b); });
	};

	/* Entry id's texts: {title, docTitle, number, body} decoded. */
	Engine.prototype.text = function (id) {
		var self = this;
		return this.need('t' + id, 't/' + id + '.js').then(function (a) {
			var d = a.map(function (s) { return self.uncode(s); });
			return {title: d[0], docTitle: d[1], number: d[2], body: d[3]};
		});
	};

	Engine.prototype.uncode = function (s) {
		var out = '', k = this.m.k, t = this.chars, i, x;
		for (i = 0; i < s.length; i++) {
			x = SYM.indexOf(s[i]);
			if (x < 0) out += s[i];
			else if (x < k) out += t[x];
			else out += t[k + (x - k) * 90 + SYM.indexOf(s[++i])];
		}
		return out;
	};

	/* The compact form of s for phrase matching: normalised, white space
	 * dropped unless between two word characters, other separator runs as
	 * one \u0001; map[i] = [start, end) of compact char i in s. */
	Engine.prototype.compact = function (s) {
		var out = '', map = [], sep = -1, hard = false, last = 0, pos = 0;
		for (var c of s) {
			var n = this.norm(c), k = n ? cls(Array.from(n)[0]) : 0;
			if (k === 1 || k === 2) {
				if (sep >= 0 && out && (hard || (last === 2 && k === 2))) { out += '\u0001'; map.push([sep, pos]); }
				for (var d of n) { out += d; map.push([pos, pos + c.length]); }
				sep = -1; hard = false; last = k;
			} else {
				if (sep < 0) sep = pos;
				if (k === 0) hard = true;
			}
			pos += c.length;
		}
		return {s: out, map: map};
	};

	/* Load the texts of the best VERIFY hits and rank exact phrases first. */
	Engine.prototype.verify = function (q, hits) {
		var self = this, head = hits.slice(0, VERIFY), cq = this.compact(q).s;
		return Promise.all(head.map(function (h) { return self.text(h.id); })).then(function (txts) {
			head.forEach(function (h, i) {
				var t = txts[i], inTitle = [t.title, t.number].some(function (s) { return self.compact(s).s.indexOf(cq) >= 0; });
				h.text = t;
				h.phrase = inTitle || self.compact(t.body).s.indexOf(cq) >= 0 ? 1 : 0;
				if (inTitle) h.score += 1e3;
			});
			return head.sort(order).concat(hits.slice(VERIFY));
		});
	};

	/* [[start, end, marked]] pieces of a snippet of text around the query. */
	Engine.prototype.snippet = function (text, q, width) {
		var c = this.compact(text), cq = this.compact(q).s, ts = this.queryTerms(q), marks = [], at = -1;
		if (!c.s.length) return [];
		var find = function (needle) {
			for (var i = c.s.indexOf(needle); needle && i >= 0; i = c.s.indexOf(needle, i + 1)) marks.push([i, i + needle.length]);
		};
		find(cq);
		if (!marks.length) ts.forEach(find);
		marks.sort(function (a, b) { return a[0] - b[0]; });
		if (marks.length) at = marks[0][0];
		var from = Math.max(0, at - (width >> 2)), to = Math.min(c.s.length, from + width), out = [], prev;
		var start = from ? c.map[from][0] : 0, end = to < c.s.length ? c.map[to - 1][1] : text.length;
		prev = start;
		marks.forEach(function (mk) {
			if (mk[0] < from || mk[1] > to) return;
			var a = c.map[mk[0]][0], b = c.map[mk[1] - 1][1];
			if (a < prev) a = prev;
			if (a > prev) out.push([prev, a, false]);
			if (b > a) out.push([a, b, true]);
			prev = Math.max(prev, b);
		});
		if (prev < end) out.push([prev, end, false]);
		return out;
	};

	if (!G.document) return;
	var doc = G.document, root = doc.getElementById('search');
	if (!root) return;

	function el(tag, cls, text) {
		var e = doc.createElement(tag);
		if (cls) e.className = cls;
		if (text != null) e.textContent = text;
		return e;
	}

	function scriptLoader(src, done) {
		var s = doc.createElement('script');
		s.src = src;
		s.onload = function () { done(true); };
		s.onerror = function () { done(false); };
		doc.head.appendChild(s);
	}

	var eng = H.engine(root.getAttribute('data-index'), scriptLoader);
	var siteRoot = root.getAttribute('data-root') || '';
	var box = doc.getElementById('search-q'), form = doc.getElementById('search-form');
	var statusEl = doc.getElementById('search-status'), list = doc.getElementById('search-results');
	var more = doc.getElementById('search-more'), FILTERS = ['level', 'dept', 'topic', 'year', 'status'];
	var seq = 0, timer = 0, shown = [], hits = [], query = '';

	function sel(name) { return form.elements[name]; }

	function fillFilters(m) {
		var years = {};
		m.docs.forEach(function (r) { if (r[1]) years[r[1].slice(0, 4)] = 1; });
		var opts = {level: m.levels, dept: m.depts, topic: m.topics, year: Object.keys(years).sort().reverse(),
			status: m.statuses.map(function (s) { return s[0]; })};
		FILTERS.forEach(function (name) {
			opts[name].forEach(function (v, i) {
				var o = el('option', null, name === 'status' ? m.statuses[i][1] : v);
				o.value = v;
				sel(name).appendChild(o);
			});
		});
	}

	function readURL() {
		var p = new URLSearchParams(G.location.search);
		box.value = p.get('q') || '';
		FILTERS.forEach(function (name) { sel(name).value = p.get(name) || ''; });
	}

	function filters() {
		var f = {};
		FILTERS.forEach(function (name) { f[name] = sel(name).value; });
		return f;
	}

	function writeURL(f) {
		var p = new URLSearchParams();
		if (box.value) p.set('q', box.value);
		FILTERS.forEach(function (name) { if (f[name]) p.set(name, f[name]); });
		var s = p.toString();
		try { G.history.replaceState(null, '', G.location.pathname + (s ? '?' + s : '')); } catch (e) { /* some file:// settings */ }
	}

	function run() {
		var my = ++seq, f = filters();
		query = box.value.trim();
		writeURL(f);
		statusEl.textContent = '正在检索…';
		eng.search(query, f).then(function (h) {
			if (my !== seq) return;
			hits = h;
			shown = [];
			return showMore(my).then(function () {
				if (my !== seq) return;
				statusEl.textContent = h.length ? '共 ' + h.length + ' 条结果' :
					query || FILTERS.some(function (k) { return f[k]; }) ? '没有找到相关结果。' : '';
			});
		}).catch(function (e) {
			if (my === seq) statusEl.textContent = '检索出错：' + e.message;
		});
	}

	/* Render the next PAGE hits (their texts loaded first). */
	function showMore(my) {
		var page = hits.slice(shown.length, shown.length + PAGE), first = !shown.length;
		shown = shown.concat(page);
		return Promise.all(page.map(function (h) { return h.text ? h.text : eng.text(h.id); })).then(function (txts) {
			if (my !== seq) return;
			if (first) list.textContent = '';
			page.forEach(function (h, i) { list.appendChild(render(h, txts[i])); });
			more.hidden = shown.length >= hits.length;
		});
	}

	function render(h, t) {
		var m = eng.m, r = h.row, li = el('li', 'search-hit');
		var a = el('a', 'search-title', t.title || r[0]);
		a.href = siteRoot + r[0];
		var head = el('p', 'search-head');
		head.appendChild(a);
		var st = m.statuses[r[2]];
		head.appendChild(el('span', 'status status-' + st[0], st[1]));
		li.appendChild(head);
		var meta = [r[6] ? '措施' : '', t.number, r[4].map(function (i) { return m.depts[i]; }).join('、'), r[1]];
		if (r[6] && t.docTitle) meta.push('所属文件：' + t.docTitle);
		li.appendChild(el('p', 'search-meta', meta.filter(Boolean).join(' · ')));
		var p = el('p', 'search-snippet'), body = t.body || '';
		eng.snippet(body, query, 120).forEach(function (piece, i, all) {
			var s = body.slice(piece[0], piece[1]).replace(/\s+/g, ' ');
			if (i === 0 && piece[0] > 0) s = '…' + s;
			if (i === all.length - 1 && piece[1] < body.length) s += '…';
			p.appendChild(piece[2] ? el('mark', null, s) : doc.createTextNode(s));
		});
		li.appendChild(p);
		return li;
	}

	function links() { return Array.prototype.slice.call(list.querySelectorAll('a.search-title')); }

	function onKey(e) {
		var t = e.target, ls = links(), i = ls.indexOf(t);
		if (e.key === '/' && !/^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) {
			e.preventDefault();
			box.focus();
			box.select();
		} else if (e.key === 'ArrowDown' && (t === box || i >= 0) && ls.length) {
			e.preventDefault();
			ls[Math.min(i + 1, ls.length - 1)].focus();
		} else if (e.key === 'ArrowUp' && i >= 0) {
			e.preventDefault();
			(i ? ls[i - 1] : box).focus();
		}
	}

	function later() {
		clearTimeout(timer);
		timer = setTimeout(run, 150);
	}

	root.classList.add('search-ready');
	statusEl.textContent = '正在载入索引…';
	eng.init().then(function (m) {
		fillFilters(m);
		readURL();
		box.addEventListener('input', later);
		form.addEventListener('change', function (e) { if (e.target !== box) run(); });
		form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
		more.addEventListener('click', function () { showMore(seq); });
		doc.addEventListener('keydown', onKey);
		run();
	}).catch(function (e) { statusEl.textContent = '无法载入检索索引：' + e.message; });
})(this);
