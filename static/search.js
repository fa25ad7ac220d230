/* search.js - huibian's full-text search page (search/index.html).
 *
 * Loads the index written by generator/searchwrite.c as <script> files that
 * call huibianSearch.manifest/shard/text (works from file:// too), and mirrors
 * generator/searchtok.c for queries: NFKC, lower case, the variant table of
 * the manifest (from OpenCC), CJK bigrams and words; a lone CJK character
 * looks up every key that starts with it.  The entries that have all terms
 * are ranked with BM25 plus a title/文号 boost, and an entry whose text has
 * the exact phrase always ranks before one that has not: texts are checked
 * best bound first until a page of results is certain (settle).  Ties go to
 * 现行有效 before other statuses.  No innerHTML: all text goes in by
 * textContent.  Runs only on pages that have #search; the engine also runs
 * in node for the tests (huibianSearch.engine). */
(function (G) {
	'use strict';
	var FINAL = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL', CONT = "MNOPQRSTUVWXYZ!#$%'()*+-./;=?@[]^_`{}~";
	var SYM = " !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
	var SI = {}, VI = {}; /* char code → index in SYM; → digit value (FINAL: + 100) */
	for (var si = 0; si < SYM.length; si++) SI[SYM.charCodeAt(si)] = si;
	for (si = 0; si < 48; si++) VI[FINAL.charCodeAt(si)] = si + 100;
	for (si = 0; si < 38; si++) VI[CONT.charCodeAt(si)] = si;
	var RANK = {current: 0, amended: 1, pending: 2, expired: 3, repealed: 4};
	var BATCH = 24, MAXCHECK = 96, PAGE = 20, FIRST = 5, K1 = 1.2, B = 0.75, TITLE = 1.0, TITLE_PHRASE = 1e3;
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
	H.text = function (c, a) { arrive('t' + c, a); };

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
		this.nc = new Map(); /* per character: [its normal form, its class] */
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
			var v = Array.from(m.variants), p = Array.from(m.pairs), i;
			for (i = 0; i + 1 < v.length; i += 2) self.variants[v[i]] = v[i + 1];
			self.m = m;
			self.codes = Array.from(m.chars);
			self.nchars = self.codes.length;
			for (i = 0; i + 1 < p.length; i += 2) self.codes.push(p[i] + p[i + 1]);
			self.entries = {};
			var doc = null; /* short rows: measures of the document before */
			m.docs = m.docs.map(function (r) {
				if (r.length === 4) return [doc[0] + r[0], doc[1], doc[2], doc[3], r[1], r[2], 1, r[3]];
				if (!r[6]) doc = r;
				return r;
			});
			return m;
		});
	};

	/* NFKC, then per code point lower case and variants (searchtok_normalize). */
	Engine.prototype.norm = function (s) {
		var out = '', vars = this.variants;
		for (var c of s.normalize('NFKC')) for (var d of c.toLowerCase()) out += vars[d] || d;
		return out;
	};

	/* Call fn(key, kind) for the keys of normalised s: 0 bigram, 1 end key
	 * (the last character of a CJK run), 2 word, in the order of
	 * searchtok_terms. */
	function terms(s, fn) {
		var word = '', prev = null;
		for (var c of s) {
			var k = cls(c);
			if (k !== 2 && word) { fn(word, 2); word = ''; }
			if (k === 1) {
				if (prev !== null) fn(prev + c, 0);
				prev = c;
			} else if (k !== 3 && prev !== null) { fn(prev, 1); prev = null; }
			if (k === 2) word += c;
		}
		if (word) fn(word, 2);
		if (prev !== null) fn(prev, 1);
	}
	H.terms = terms;

	/* The terms a query looks up: its bigrams and words, and each CJK
	 * character that is a run of its own ('group': every key that starts
	 * with it).  Spaces separate. */
	Engine.prototype.queryTerms = function (q) {
		var out = [], seen = {};
		this.norm(q).split(reSpace).forEach(function (part) {
			var run = 0;
			terms(part, function (t, kind) {
				if (kind === 0) run++;
				if (kind === 1 && run) { run = 0; return; }
				run = 0;
				if (!seen[t]) { seen[t] = 1; out.push(t); }
			});
		});
		return out;
	};

	function fnv(c) {
		var h = 0x811c9dc5, b = new TextEncoder().encode(c);
		for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619) >>> 0;
		return h;
	}

	/* The decoded postings {doc: [tf, flag]} of term t: a bigram or word,
	 * or a lone CJK character (the union of its group). */
	Engine.prototype.postings = function (t) {
		var first = String.fromCodePoint(t.codePointAt(0)), self = this;
		var k = fnv(first) & (this.m.shards - 1), lone = t === first && cls(t) === 1, d;
		return this.need('s' + k, 's/' + k + '.js').then(function (data) {
			var map = self.shards[k];
			if (!map) {
				map = self.shards[k] = {};
				data.split('|').forEach(function (g) {
					if (!g) return;
					var f = String.fromCodePoint(g.codePointAt(0)), e = {}, v = 0, cjk = cls(f) === 1;
					g.slice(f.length).split(',').forEach(function (x) {
						var i;
						if (!cjk) {
							i = x.indexOf(':');
							e[x.slice(0, i)] = x.slice(i + 1);
							return;
						}
						/* the second character's code: delta varint */
						for (i = 0, d = 0; VI[x.charCodeAt(i)] < 100; i++) d = d * 38 + VI[x.charCodeAt(i)];
						v += d * 48 + VI[x.charCodeAt(i)] - 100;
						e[self.second(v)] = x.slice(i + 1);
					});
					map[f] = e;
				});
			}
			var grp = map[first] || {}, out = {};
			if (!lone) return decode(grp[t.slice(first.length)] || '', out);
			Object.keys(grp).sort().forEach(function (suf) { decode(grp[suf], out); });
			return out;
		});
	};

	/* The second character of a CJK key from its code (searchwrite.c). */
	Engine.prototype.second = function (v) {
		return v === 0 ? '' : v - 1 < this.nchars ? this.codes[v - 1] : String.fromCodePoint(v - 1 - this.nchars);
	};

	/* Add the entries of a postings string to out {doc: [tf, flag]}. */
	function decode(p, out) {
		var nums = [], v = 0, doc = 0, i, d, x;
		for (i = 0; i < p.length; i++) {
			d = VI[p.charCodeAt(i)];
			if (d >= 100) { nums.push(v * 48 + d - 100); v = 0; } else v = v * 38 + d;
		}
		for (i = 0; i < nums.length; i++) {
			doc += nums[i] >> 1;
			x = nums[i] & 1 ? [1, 0] : [(nums[++i] >> 1) + 1, nums[i] & 1];
			var o = out[doc];
			if (o) { o[0] += x[0]; o[1] |= x[1]; } else out[doc] = x;
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

	/* Final order: exact phrase, score (with the title phrase bonus),
	 * 现行有效 first, entry order. */
	function order(a, b) {
		return b.phrase - a.phrase || b.score - a.score || a.rank - b.rank || a.id - b.id;
	}

	/* Promise of the hits [{id, score, phrase, rank, row}] of q: every entry
	 * with all the query's terms, the first PAGE in their final order (see
	 * settle; hits.settled says how many are). */
	Engine.prototype.search = function (q, f) {
		var self = this, m = this.m, ts = this.queryTerms(q);
		f = f || {};
		if (!ts.length) return Promise.resolve(this.browse(f));
		return Promise.all(ts.map(function (t) { return self.postings(t); })).then(function (lists) {
			var n = m.docs.length, avg = m.total / Math.max(n, 1), hits = [];
			var dfs = lists.map(function (l) { return Object.keys(l).length; });
			var best = dfs.indexOf(Math.min.apply(null, dfs));
			Object.keys(lists[best]).forEach(function (id) {
				var r = m.docs[id], s = 0, all = 1;
				if (!self.pass(r, f)) return;
				for (var i = 0; i < lists.length; i++) {
					var p = lists[i][id];
					if (!p) return;
					var idf = Math.log(1 + (n - dfs[i] + 0.5) / (dfs[i] + 0.5));
					s += idf * (p[0] * (K1 + 1) / (p[0] + K1 * (1 - B + B * r[7] / avg)) + p[1] * TITLE);
					all &= p[1];
				}
				hits.push({id: +id, score: Math.round(s * 1e6) / 1e6, phrase: 1, rank: rankOf(m, r), row: r,
					bonus: all ? TITLE_PHRASE : 0, checked: false});
			});
			hits.q = self.compact(q).s;
			hits.simple = ts.length === 1 && ts[0] === hits.q;
			hits.settled = 0;
			hits.forEach(function (h) {
				if (hits.simple) { h.checked = true; h.score += h.bonus; }
				else h.score += h.bonus; /* an upper bound until checked */
			});
			hits.sort(order);
			return self.settle(hits, PAGE);
		});
	};

	/* Make the first n hits final.  Unchecked hits carry an upper bound
	 * (phrase 1, title bonus if every term is in the title); the best hit
	 * is final once it is checked, so texts are loaded best bound first,
	 * a few more than are missing at a time (at most BATCH), until n are
	 * final or all are checked; hits whose texts came with those loaded are
	 * checked too.  Once MAXCHECK texts were loaded, the hits left
	 * unchecked count as without the phrase. */
	Engine.prototype.settle = function (hits, n) {
		var self = this, todo = [], i, h, want;
		n = Math.min(n, hits.length);
		while (hits.settled < n && hits[hits.settled].checked) hits.settled++;
		if (hits.settled >= n) return Promise.resolve(hits);
		want = Math.min(BATCH, n - hits.settled + 3);
		for (i = hits.settled; i < hits.length && todo.length < want; i++)
			if (!hits[i].checked) todo.push(hits[i]);
		hits.loaded = (hits.loaded || 0) + todo.length;
		if (hits.loaded > MAXCHECK + todo.length) todo = [];
		return Promise.all(todo.map(function (h) { return self.text(h.id); })).then(function (txts) {
			todo.forEach(function (h, i) { self.check(h, txts[i], hits.q); });
			for (i = hits.settled; i < hits.length; i++) {
				h = hits[i];
				if (h.checked) continue;
				if (self.loaded(h.id)) self.check(h, self.entries[h.id], hits.q);
				else if (!todo.length) self.uncheck(h);
			}
			var done = hits.slice(0, hits.settled), rest = hits.slice(hits.settled).sort(order);
			hits.splice.apply(hits, [0, hits.length].concat(done, rest));
			return self.settle(hits, n);
		});
	};

	/* Give up checking h: no phrase, no title bonus. */
	Engine.prototype.uncheck = function (h) {
		h.checked = true;
		h.phrase = 0;
		h.score = Math.round((h.score - h.bonus) * 1e6) / 1e6;
	};

	/* Check hit h against its text t: the exact phrase cq in the title or
	 * 发文字号 (bonus kept), in the body, or nowhere. */
	Engine.prototype.check = function (h, t, cq) {
		var self = this, inTitle = [t.title, t.number].some(function (s) { return self.compact(s).s.indexOf(cq) >= 0; });
		h.text = t;
		h.checked = true;
		if (!inTitle) h.score = Math.round((h.score - h.bonus) * 1e6) / 1e6;
		h.phrase = inTitle || self.compact(t.body).s.indexOf(cq) >= 0 ? 1 : 0;
	};

	function rankOf(m, r) {
		var c = m.statuses[r[2]][0];
		return c in RANK ? RANK[c] : 5;
	}

	/* Without terms: the entries passing the filters, newest first. */
	Engine.prototype.browse = function (f) {
		var self = this, m = this.m, hits = [];
		if (Object.keys(f).some(function (k) { return f[k]; })) {
			m.docs.forEach(function (r, id) {
				if (self.pass(r, f)) hits.push({id: id, score: 0, phrase: 0, rank: rankOf(m, r), row: r, checked: true});
			});
		}
		hits.sort(function (a, b) { return a.row[1] < b.row[1] ? 1 : a.row[1] > b.row[1] ? -1 : order(a, b); });
		hits.settled = hits.length;
		return hits;
	};

	/* Promise of entry id's texts {title, docTitle, number, body}; a chunk
	 * entry is [title (or its length: a prefix of the body), doc_title or
	 * document id, number, body or [start, end] in the document's body]. */
	Engine.prototype.text = function (id) {
		var self = this, lo = this.chunkOf(id);
		if (this.entries[id]) return Promise.resolve(this.entries[id]);
		return this.need('t' + lo, 't/' + lo + '.js').then(function () { return self.loaded(id); });
	};

	/* The chunk of entry id: the last one that starts at or before it. */
	Engine.prototype.chunkOf = function (id) {
		var ch = this.m.chunks, lo = 0, hi = ch.length - 1;
		while (lo < hi) {
			var mid = (lo + hi + 1) >> 1;
			if (ch[mid] <= id) lo = mid; else hi = mid - 1;
		}
		return lo;
	};

	/* Entry id's texts if its chunk is loaded (decoded now, with its
	 * document when it is a slice of it), else undefined. */
	Engine.prototype.loaded = function (id) {
		var lo = this.chunkOf(id), a = got['t' + lo], e, doc, body;
		if (this.entries[id] || !a) return this.entries[id];
		e = a[id - this.m.chunks[lo]];
		doc = typeof e[1] === 'number' ? this.loaded(e[1]) : null;
		body = Array.isArray(e[3]) ? (doc ? doc.body.slice(e[3][0], e[3][1]) : '') : this.uncode(e[3]);
		return (this.entries[id] = {title: typeof e[0] === 'number' ? body.slice(0, e[0]) : this.uncode(e[0]),
			docTitle: doc ? doc.title : this.uncode(e[1]), number: this.uncode(e[2]), body: body});
	};

	/* Decode a character-coded text (searchwrite.c): codes, raw
	 * characters and '~' matches of earlier text. */
	Engine.prototype.uncode = function (s) {
		var out = '', k = this.m.k, t = this.codes, i, x, d;
		for (i = 0; i < s.length; i++) {
			x = SI[s.charCodeAt(i)];
			if (x === undefined) out += s[i];
			else if (x < k) out += t[x];
			else if (x === 89) {
				d = out.length - SI[s.charCodeAt(i + 1)] * 90 - SI[s.charCodeAt(i + 2)] - 1;
				out += out.substr(d, SI[s.charCodeAt(i + 3)] + 3);
				i += 3;
			} else out += t[k + (x - k) * 90 + SI[s.charCodeAt(++i)]];
		}
		return out;
	};

	/* The compact form of s for phrase matching: normalised, white space
	 * dropped unless between two word characters, other separator runs as
	 * one \u0001; map[i] = [start, end) of compact char i in s. */
	Engine.prototype.compact = function (s) {
		var out = '', map = [], sep = -1, hard = false, last = 0, pos = 0;
		for (var c of s) {
			var nk = this.nc.get(c);
			if (!nk) { nk = this.norm(c); nk = [nk, nk ? cls(Array.from(nk)[0]) : 0]; this.nc.set(c, nk); }
			var n = nk[0], k = nk[1];
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
	var seq = 0, timer = 0, shown = [], hits = [], query = '', queue = Promise.resolve();

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
			/* the first few as soon as they are final, then the rest of the page */
			return showMore(my, FIRST).then(function () {
				if (my !== seq) return;
				statusEl.textContent = h.length ? '共 ' + h.length + ' 条结果' :
					query || FILTERS.some(function (k) { return f[k]; }) ? '没有找到相关结果。' : '';
				return showMore(my, PAGE - FIRST);
			});
		}).catch(function (e) {
			if (my === seq) statusEl.textContent = '检索出错：' + e.message;
		});
	}

	/* Render the next n hits (their texts loaded first), after what is
	 * being rendered. */
	function showMore(my, n) {
		queue = queue.then(function () { return showSome(my, n); }, function () {});
		return queue;
	}

	function showSome(my, n) {
		var first = !shown.length, page;
		if (my !== seq) return Promise.resolve();
		return eng.settle(hits, shown.length + n).then(function () {
			if (my !== seq) return [];
			page = hits.slice(shown.length, shown.length + n);
			shown = shown.concat(page);
			return Promise.all(page.map(function (h) { return h.text ? h.text : eng.text(h.id); }));
		}).then(function (txts) {
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
		if (r[6]) head.appendChild(el('span', 'badge search-kind', '措施'));
		head.appendChild(el('span', 'badge status-' + st[0], st[1]));
		li.appendChild(head);
		var depts = r[4].map(function (i) { return m.depts[i]; });
		if (depts.length > 3) depts = depts.slice(0, 3).concat(['等 ' + depts.length + ' 个单位']);
		var meta = [t.number, depts.join('、'), r[1]];
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
		more.addEventListener('click', function () { showMore(seq, PAGE); });
		doc.addEventListener('keydown', onKey);
		run();
	}).catch(function (e) { statusEl.textContent = '无法载入检索索引：' + e.message; });
})(this);
