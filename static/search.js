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
	var NUMMAX = 32, BATCH = 24, MAXCHECK = 120, PAGE = 20, FIRST = 5, K1 = 1.2, B = 0.75, TITLE = 1.0, TITLE_PHRASE = 1e3;
	var reCJK = /[\u2E80-\u2FDF\u3040-\u312F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{323AF}]/u;
	var reL = /\p{L}/u, reWord = /[\p{L}\p{M}\p{N}]/u, reSpace = /[\t-\r \x85\u2028\u2029\uFEFF\p{Zs}]/u;
	var H = G.huibianSearch = G.huibianSearch || {};
	var got = {}, waits = {}, texts = []; /* texts: the chunks loaded, by number */

	function arrive(key, data) {
		got[key] = data;
		if (waits[key]) waits[key].res(data);
	}
	H.manifest = function (m) { arrive('m', m); };
	H.shard = function (k, d) { arrive('s' + k, d); };
	H.text = function (c, a) { texts[c] = a; arrive('t' + c, a); };

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
		this.nc = new Map(); /* per character: [its normal form, its class, its code points] */
		this.ncc = new Int32Array(65536); /* per code unit: see unitCode; 0 = not known yet */
		this.ubuf = new Uint16Array(65536); /* scratch of uncode */
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
			/* what scoring reads of every entry, in typed arrays */
			self.lens = new Float64Array(m.docs.length);
			self.ranks = new Int8Array(m.docs.length);
			m.docs.forEach(function (r, id) { self.lens[id] = r[7]; self.ranks[id] = rankOf(m, r); });
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
	 * (the last character of a CJK run), 2 word, 3 number key "B号", 4
	 * number key "B号A" (a word B of at most NUMMAX characters, then only
	 * white space, then 号; A: the word before B, with only separators
	 * between them), in the order of searchtok_keys. */
	function terms(s, fn) {
		var word = '', wlen = 0, prev = null, a = '', b = '', bSpace = false, clean = false, aOk = false;
		for (var c of s) {
			var k = cls(c);
			if (k !== 2 && word) {
				fn(word, 2);
				a = aOk && b && wlen <= NUMMAX ? b : '';
				b = wlen <= NUMMAX ? word : '';
				bSpace = clean = true;
				word = '';
				wlen = 0;
			}
			if (c === '\u53f7' && b && bSpace) {
				fn(b + c, 3);
				if (a) fn(b + c + a, 4);
			}
			if (k === 1) {
				if (prev !== null) fn(prev + c, 0);
				prev = c;
				clean = false;
			} else if (k !== 3 && prev !== null) { fn(prev, 1); prev = null; }
			if (k !== 3) bSpace = false;
			if (k === 2) {
				if (!word) aOk = b !== '' && clean;
				word += c;
				wlen++;
			}
		}
		if (word) fn(word, 2);
		if (prev !== null) fn(prev, 1);
	}
	H.terms = terms;

	/* The terms a query looks up: its bigrams and words, and each CJK
	 * character that is a run of its own ('group': every key that starts
	 * with it).  Spaces separate.  A number key stands for what it implies
	 * (an entry with "40号2024" has the words 40 and 2024 and "40号"), and
	 * for the 号 after it. */
	Engine.prototype.queryTerms = function (q) {
		var out = [], seen = {};
		this.norm(q).split(reSpace).forEach(function (part) {
			var run = 0, num = false, here = {};
			var drop = function (t) { if (t in here) out[here[t]] = null; };
			terms(part, function (t, kind) {
				if (kind === 0) run++;
				else if (kind === 1 && run) { run = 0; return; }
				else run = 0;
				if (kind === 1 && num && t === '\u53f7') return;
				num = kind >= 3;
				if (kind === 3) drop(t.slice(0, -1));
				if (kind === 4) {
					drop(t.slice(0, t.indexOf('\u53f7') + 1));
					drop(t.slice(t.indexOf('\u53f7') + 1));
				}
				if (!seen[t]) { seen[t] = 1; here[t] = out.length; out.push(t); }
			});
		});
		return out.filter(function (t) { return t !== null; });
	};

	function fnv(c) {
		var h = 0x811c9dc5, b = new TextEncoder().encode(c);
		for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619) >>> 0;
		return h;
	}

	/* The decoded postings of term t, {ids, v} (entry ids ascending and
	 * their tf << 1 | flag, Int32Arrays): a bigram or word, or a lone CJK
	 * character (the union of its group, tfs summed).  A group is in the
	 * shard its first character hashes to, or when it is cut into parts
	 * (the manifest's parts: the first key of each but the first), a key
	 * in the part its place says, and all of it in all of them. */
	Engine.prototype.postings = function (t) {
		var first = String.fromCodePoint(t.codePointAt(0)), self = this, cjk = cls(first) === 1;
		var lone = t === first && cjk, suf = t.slice(first.length), b = this.m.parts && this.m.parts[first];
		var want = cjk ? this.codeOf(suf) : suf, files = [], j;
		if (!b) files.push(String(fnv(first) & (this.m.shards - 1)));
		else if (lone) for (j = 0; j <= b.length; j++) files.push(first.codePointAt(0) + '-' + j);
		else {
			for (j = 0; j < b.length && (cjk ? b[j] <= want : cmpCP(b[j], want) <= 0); j++);
			files.push(first.codePointAt(0) + '-' + j);
		}
		return Promise.all(files.map(function (f) { return self.need('s' + f, 's/' + f + '.js'); })).then(function (data) {
			var lists = [], g;
			if (!lone) {
				g = self.group(files[0], data[0], first);
				if (typeof g === 'string') /* one key: found without parsing its group */
					return decode(findKey(g, first.length, want, cjk));
				return decode(g[suf] || '');
			}
			files.forEach(function (f, i) {
				g = self.group(f, data[i], first);
				if (typeof g === 'string') g = self.parse(f, first, cjk);
				Object.keys(g).forEach(function (s) { lists.push(decode(g[s])); });
			});
			return union(lists, self.m.docs.length);
		});
	};

	/* The group of first in shard file f (its data): a string until it is
	 * parsed (all of it used), then {suffix: postings string}; {} when
	 * absent. */
	Engine.prototype.group = function (f, data, first) {
		var raw = this.shards[f];
		if (!raw) {
			raw = this.shards[f] = {};
			data.split('|').forEach(function (g) {
				if (g) raw[String.fromCodePoint(g.codePointAt(0))] = g;
			});
		}
		return raw[first] === undefined ? {} : raw[first];
	};

	/* Parse the group of first in shard file f into {suffix: postings}. */
	Engine.prototype.parse = function (f, first, cjk) {
		var raw = this.shards[f], g = raw[first], e = raw[first] = {}, self = this, v = 0;
		g.slice(first.length).split(',').forEach(function (x) {
			var i, d;
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
		return e;
	};

	/* Compare strings by code points (the order of their UTF-8). */
	function cmpCP(a, b) {
		var i = 0, x, y;
		for (; i < a.length && i < b.length; i += x > 0xffff ? 2 : 1) {
			x = a.codePointAt(i);
			y = b.codePointAt(i);
			if (x !== y) return x - y;
		}
		return (a.length - i) - (b.length - i);
	}

	/* The postings string of one key in group string g (its entries start at
	 * from): a CJK key by the code of its second character (entries in code
	 * order, each a delta varint then the postings), a word by its suffix
	 * ("suffix:postings"); '' when absent.  Scans without splitting g. */
	function findKey(g, from, want, cjk) {
		var pos = from, v = 0, end, i, d;
		while (pos < g.length) {
			end = g.indexOf(',', pos);
			if (end < 0) end = g.length;
			if (cjk) {
				for (i = pos, d = 0; VI[g.charCodeAt(i)] < 100; i++) d = d * 38 + VI[g.charCodeAt(i)];
				v += d * 48 + VI[g.charCodeAt(i)] - 100;
				if (v === want) return g.slice(i + 1, end);
				if (v > want) return '';
			} else {
				i = g.indexOf(':', pos);
				if (i - pos === want.length && g.startsWith(want, pos)) return g.slice(i + 1, end);
			}
			pos = end + 1;
		}
		return '';
	}

	/* The code of a key's second character (the inverse of second). */
	Engine.prototype.codeOf = function (c) {
		var i, x;
		if (c === '') return 0;
		if (!this.charIx) {
			this.charIx = new Map();
			for (i = 0; i < this.nchars; i++) this.charIx.set(this.codes[i], i + 1);
		}
		x = this.charIx.get(c);
		return x !== undefined ? x : c.codePointAt(0) + this.nchars + 1;
	};

	/* The second character of a CJK key from its code (searchwrite.c). */
	Engine.prototype.second = function (v) {
		return v === 0 ? '' : v - 1 < this.nchars ? this.codes[v - 1] : String.fromCodePoint(v - 1 - this.nchars);
	};

	/* The postings {ids, v} of a postings string (searchint.h). */
	function decode(p) {
		var ids = new Int32Array(p.length), vs = new Int32Array(p.length), n = 0, v = 0, doc = 0, i, d, x, tf;
		for (i = 0; i < p.length; i++) {
			d = VI[p.charCodeAt(i)];
			if (d < 100) { v = v * 38 + d; continue; }
			x = v * 48 + d - 100;
			v = 0;
			if (tf === undefined) {
				doc += x >> 1;
				ids[n] = doc;
				if (x & 1) vs[n++] = 2; else tf = 0;
			} else {
				vs[n++] = ((x >> 1) + 1) << 1 | (x & 1);
				tf = undefined;
			}
		}
		return {ids: ids.subarray(0, n), v: vs.subarray(0, n)};
	}

	/* The union of postings lists (tfs summed, flags or'ed) over n entries. */
	function union(lists, n) {
		var acc = new Int32Array(n), ids = [], i, j, l, id;
		for (i = 0; i < lists.length; i++) {
			l = lists[i];
			for (j = 0; j < l.ids.length; j++) {
				id = l.ids[j];
				if (!acc[id]) { ids.push(id); acc[id] = l.v[j]; }
				else acc[id] = (((acc[id] >> 1) + (l.v[j] >> 1)) << 1) | ((acc[id] | l.v[j]) & 1);
			}
		}
		var out = {ids: Int32Array.from(ids).sort(), v: null};
		out.v = out.ids.map(function (k) { return acc[k]; });
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

	/* The first index at or after from where ascending ids has an id of at
	 * least id (ids.length when none): a galloping search. */
	function seek(ids, from, id) {
		var lo = from, step = 1, hi, mid;
		if (lo >= ids.length || ids[lo] >= id) return lo;
		while (lo + step < ids.length && ids[lo + step] < id) { lo += step; step *= 2; }
		hi = Math.min(lo + step, ids.length); /* ids[lo] < id <= ids[hi] (or the end) */
		while (hi - lo > 1) {
			mid = (lo + hi) >> 1;
			if (ids[mid] < id) lo = mid; else hi = mid;
		}
		return hi;
	}

	/* A hit: entry id, score (with the title phrase bonus: an upper bound
	 * until checked), phrase (1 until checked), rank of its status, its
	 * manifest row, the bonus, and whether it is checked (one shape for
	 * all hits: no property is added later). */
	function Hit(id, score, rank, row, bonus, checked) {
		this.id = id;
		this.score = score;
		this.phrase = 1;
		this.rank = rank;
		this.row = row;
		this.bonus = bonus;
		this.checked = checked;
		this.text = null;
	}

	/* Final order: exact phrase, score (with the title phrase bonus),
	 * 现行有效 first, entry order. */
	function order(a, b) {
		return b.phrase - a.phrase || b.score - a.score || a.rank - b.rank || a.id - b.id;
	}

	/* Sort the hits score made (in entry order, all with phrase 1) by
	 * order: by numbers when they fit in a double, the score's millionths
	 * (exact: score rounds to them), the rank and the place, which sorts
	 * several times faster than comparing objects. */
	function sortHits(hits) {
		var n = hits.length, lo = Infinity, hi = -Infinity, i, s, keys, was;
		for (i = 0; i < n; i++) {
			s = Math.round(hits[i].score * 1e6);
			if (s < lo) lo = s;
			if (s > hi) hi = s;
		}
		if (n < 64 || (hi - lo + 1) * 8 * n > 9007199254740991) return hits.sort(order);
		keys = new Float64Array(n);
		for (i = 0; i < n; i++) keys[i] = ((hi - Math.round(hits[i].score * 1e6)) * 8 + hits[i].rank) * n + i;
		keys.sort();
		was = hits.slice();
		for (i = 0; i < n; i++) hits[i] = was[keys[i] % n];
		return hits;
	}

	/* The hits of the entries that are in every one of lists (postings,
	 * ids ascending) and pass the filters f, in entry order: BM25 with the
	 * title boost, plus the title phrase bonus (an upper bound until
	 * checked); checked already when simple (the one term is the phrase). */
	Engine.prototype.score = function (lists, f, simple) {
		var m = this.m, n = m.docs.length, avg = m.total / Math.max(n, 1), hits = [], best = 0, i, k, at = [], xs = [];
		var idf = lists.map(function (l) { return Math.log(1 + (n - l.ids.length + 0.5) / (l.ids.length + 0.5)); });
		var lens = this.lens, ranks = this.ranks, self = this, filtered = Object.keys(f).some(function (k) { return f[k]; });
		for (i = 1; i < lists.length; i++) if (lists[i].ids.length < lists[best].ids.length) best = i;
		for (i = 0; i < lists.length; i++) at.push(0);
		/* the entries of the shortest list that are in every other one
		 * (lists are in id order: each is searched from where the last id
		 * was found) */
		next: for (k = 0; k < lists[best].ids.length; k++) {
			var id = lists[best].ids[k], s = 0, all = 1, norm, bonus;
			for (i = 0; i < lists.length; i++) {
				if (i === best) { xs[i] = lists[best].v[k]; continue; }
				at[i] = seek(lists[i].ids, at[i], id);
				if (lists[i].ids[at[i]] !== id) continue next;
				xs[i] = lists[i].v[at[i]];
			}
			if (filtered && !self.pass(m.docs[id], f)) continue;
			norm = K1 * (1 - B + B * lens[id] / avg);
			for (i = 0; i < lists.length; i++) {
				var x = xs[i], tf = x >> 1;
				s += idf[i] * (tf * (K1 + 1) / (tf + norm) + (x & 1) * TITLE);
				all &= x;
			}
			bonus = all ? TITLE_PHRASE : 0;
			hits.push(new Hit(id, Math.round(s * 1e6) / 1e6 + bonus, ranks[id], m.docs[id], bonus, simple));
		}
		return hits;
	};

	/* Run score and the sort of its hits once on made-up lists (about
	 * 4,000 entries each), a snippet of the most frequent characters, and
	 * the rest of what a query runs once on made-up data, so that the
	 * browser compiles that code (and knows the normal forms of those
	 * characters) before the reader's first query, which would otherwise
	 * run it cold (two to three times slower, and 4-5 ms of compiling in
	 * the middle of it).  For the page, once the index is loaded. */
	Engine.prototype.warm = function () {
		var n = this.m.docs.length, lists = [], i, j, len = Math.min(n, 4000), cs = this.m.chars.slice(0, 3000);
		this.snippet(cs, cs.slice(100, 104), 120);
		union([decode(findKey('x01,2a', 1, 3, true)), decode(findKey('xa:1,b:03', 1, 'b', false))], n);
		cmpCP('a', 'b');
		this.isHere(0);
		this.uncode('');
		this.check(new Hit(0, 0, 0, null, 0, false), {title: 'a', number: '', body: 'b'}, 'c');
		place([], [], 0);
		for (i = 0; i < 3 && len > 0; i++) {
			var ids = new Int32Array(len), v = new Int32Array(len);
			for (j = 0; j < len; j++) {
				ids[j] = Math.floor(j * n / len) + (j % (i + 2) === 0 ? 0 : i) % Math.max(1, Math.floor(n / len));
				v[j] = ((j * 7 + i) % 5 + 1) << 1 | (j % 11 === 0 ? 1 : 0);
			}
			lists.push({ids: ids, v: v});
		}
		if (lists.length) sortHits(this.score(lists, {}, false));
	};

	/* Promise of the hits [{id, score, phrase, rank, row}] of q: every entry
	 * with all the query's terms, the first `first` (default PAGE) in their
	 * final order (see settle; hits.settled says how many are).  alive
	 * (optional): once it returns false, no more texts are loaded for these
	 * hits (a newer query replaced them). */
	Engine.prototype.search = function (q, f, first, alive) {
		var self = this, ts = this.queryTerms(q);
		f = f || {};
		if (!ts.length) return Promise.resolve(this.browse(f));
		return Promise.all(ts.map(function (t) { return self.postings(t); })).then(function (lists) {
			var cq = self.compact(q, true).s, simple = ts.length === 1 && ts[0] === cq, hits = self.score(lists, f, simple);
			hits.q = cq;
			hits.simple = simple;
			hits.settled = 0;
			hits.alive = alive;
			sortHits(hits);
			return self.settle(hits, first || PAGE);
		});
	};

	/* Make the first n hits final.  Unchecked hits carry an upper bound
	 * (phrase 1, title bonus if every term is in the title); the best hit
	 * is final once it is checked, so texts are loaded best bound first,
	 * as many as are missing (twice as many as the round before when that
	 * was not enough; at most BATCH), until n are final or all are
	 * checked.  A hit whose text is here already (its chunk came for
	 * another hit or query) is checked without a round, when it is among
	 * those a round would load.  Once MAXCHECK texts were loaded, the hits
	 * left unchecked count as without the phrase. */
	Engine.prototype.settle = function (hits, n) {
		var self = this, todo = [], here = [], i, h, want, ahead = 0;
		n = Math.min(n, hits.length);
		while (hits.settled < n && hits[hits.settled].checked) hits.settled++;
		if (hits.settled >= n || (hits.alive && !hits.alive())) return Promise.resolve(hits);
		for (i = hits.settled; i < hits.length && ahead < BATCH; i++) {
			h = hits[i];
			if (h.checked) continue;
			if (this.isHere(h.id)) { this.check(h, this.loaded(h.id), hits.q); here.push(i); } else ahead++;
		}
		if (here.length) {
			place(hits, here, hits.settled);
			return this.settle(hits, n);
		}
		if ((hits.loaded = hits.loaded || 0) >= MAXCHECK) { /* give up: what is here is checked */
			for (i = hits.settled; i < hits.length; i++) {
				h = hits[i];
				if (!h.checked && this.isHere(h.id)) this.check(h, this.loaded(h.id), hits.q);
				else if (!h.checked) this.uncheck(h);
			}
			h = hits.slice(hits.settled).sort(order);
			for (i = 0; i < h.length; i++) hits[hits.settled + i] = h[i];
			return this.settle(hits, n);
		}
		/* a round that settled too few loads twice as many next time */
		want = hits.want = Math.min(BATCH, Math.max(n - hits.settled, 2 * (hits.want || 0)));
		for (i = hits.settled; i < hits.length && todo.length < want; i++)
			if (!hits[i].checked) todo.push(i);
		hits.loaded += todo.length;
		h = todo.map(function (i) { return hits[i]; });
		return Promise.all(h.map(function (x) { return self.text(x.id); })).then(function (txts) {
			h.forEach(function (x, k) { self.check(x, txts[k], hits.q); });
			if (h.some(function (x, k) { return hits[todo[k]] !== x; })) /* moved meanwhile */
				todo = h.map(function (x) { return hits.indexOf(x); }).sort(function (a, b) { return a - b; });
			place(hits, todo, hits.settled);
			return self.settle(hits, n);
		});
	};

	/* Put the hits at places at (ascending) of hits, which are in order
	 * but for them, where order puts them now (after from). */
	function place(hits, at, from) {
		var moved = [], i, h, lo, hi, mid;
		for (i = at.length - 1; i >= 0; i--) moved.push(hits.splice(at[i], 1)[0]);
		for (i = 0; i < moved.length; i++) {
			h = moved[i];
			for (lo = from, hi = hits.length; lo < hi;) {
				mid = (lo + hi) >> 1;
				if (order(hits[mid], h) <= 0) lo = mid + 1; else hi = mid;
			}
			hits.splice(lo, 0, h);
		}
	}

	/* Is entry id's text here (its chunk loaded)? */
	Engine.prototype.isHere = function (id) {
		return !!(this.entries[id] || texts[this.chunkOf(id)]);
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
		var self = this, has = function (s) { return self.has(s, cq); }, inTitle = [t.title, t.number].some(has);
		h.text = t;
		h.checked = true;
		if (!inTitle) h.score = Math.round((h.score - h.bonus) * 1e6) / 1e6;
		h.phrase = inTitle || has(t.body) ? 1 : 0;
	};

	/* Does the compact form of s contain cq (a compact query)?  A text
	 * that has cq as written has it (cq holds normal forms only, and no
	 * white space), which spares compacting it. */
	Engine.prototype.has = function (s, cq) {
		return s.indexOf(cq) >= 0 || this.compact(s, true).s.indexOf(cq) >= 0;
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
				if (!self.pass(r, f)) return;
				var h = new Hit(id, 0, self.ranks[id], r, 0, true);
				h.phrase = 0;
				hits.push(h);
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
		if (!this.chunkIx) { /* once: the chunk of every entry */
			this.chunkIx = new Int32Array(this.m.docs.length);
			for (lo = 0; lo < ch.length; lo++) this.chunkIx.fill(lo, ch[lo], lo + 1 < ch.length ? ch[lo + 1] : this.m.docs.length);
			lo = 0;
		}
		if (id >= 0 && id < this.chunkIx.length) return this.chunkIx[id];
		while (lo < hi) {
			var mid = (lo + hi + 1) >> 1;
			if (ch[mid] <= id) lo = mid; else hi = mid - 1;
		}
		return lo;
	};

	/* Entry id's texts if its chunk is loaded (decoded now, with its
	 * document when it is a slice of it), else undefined. */
	Engine.prototype.loaded = function (id) {
		var e = this.entries[id], lo, a, doc, body;
		if (e) return e;
		lo = this.chunkOf(id);
		if (!(a = texts[lo])) return undefined;
		e = a[id - this.m.chunks[lo]];
		doc = typeof e[1] === 'number' ? this.loaded(e[1]) : null;
		body = Array.isArray(e[3]) ? (doc ? doc.body.slice(e[3][0], e[3][1]) : '') : this.uncode(e[3]);
		return (this.entries[id] = {title: typeof e[0] === 'number' ? body.slice(0, e[0]) : this.uncode(e[0]),
			docTitle: doc ? doc.title : this.uncode(e[1]), number: this.uncode(e[2]), body: body});
	};

	/* Decode a character-coded text (searchwrite.c): codes, raw
	 * characters and '~' matches of earlier text. */
	Engine.prototype.uncode = function (s) {
		var k = this.m.k, t = this.codes, buf = this.ubuf, n = 0, i, j, x, d, l, c, out = '';
		for (i = 0; i < s.length; i++) {
			if (n + 128 > buf.length) { c = new Uint16Array(2 * buf.length); c.set(buf); buf = this.ubuf = c; }
			x = SI[s.charCodeAt(i)];
			if (x === undefined) { buf[n++] = s.charCodeAt(i); continue; }
			if (x === 89) {
				d = n - SI[s.charCodeAt(i + 1)] * 90 - SI[s.charCodeAt(i + 2)] - 1;
				l = Math.min(SI[s.charCodeAt(i + 3)] + 3, n - d);
				for (j = 0; j < l; j++) buf[n + j] = buf[d + j];
				n += l;
				i += 3;
				continue;
			}
			c = x < k ? t[x] : t[k + (x - k) * 90 + SI[s.charCodeAt(++i)]];
			for (j = 0; j < c.length; j++) buf[n++] = c.charCodeAt(j);
		}
		for (i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(n, i + 4096)));
		return out;
	};

	/* The compact form of s for phrase matching: normalised, white space
	 * dropped unless between two word characters, other separator runs as
	 * one \u0001; [map.a[i], map.b[i]) is where compact char i is in s
	 * (no map when noMap). */
	Engine.prototype.compact = function (s, noMap) {
		var map = noMap ? null : {a: new Int32Array(2 * s.length + 1), b: new Int32Array(2 * s.length + 1)}, m = 0, sep = -1, hard = false, last = 0, i, j, len, u, x, k, nk, d;
		var ncc = this.ncc, buf = new Uint16Array(2 * s.length + 1), n = 0, out = '';
		for (i = 0; i < s.length; i += len) {
			u = s.charCodeAt(i);
			len = u >= 0xd800 && u <= 0xdbff && i + 1 < s.length ? 2 : 1;
			if ((x = ncc[u]) === 0) x = ncc[u] = this.unitCode(u);
			if (x > 0) {
				k = (x - 1) & 3;
			} else {
				nk = this.nc.get(d = s.substr(i, len));
				if (!nk) { nk = this.norm(d); nk = [nk, nk ? cls(Array.from(nk)[0]) : 0, Array.from(nk).length]; this.nc.set(d, nk); }
				k = nk[1];
			}
			if (k === 1 || k === 2) {
				if (sep >= 0 && n && (hard || (last === 2 && k === 2))) { buf[n++] = 1; if (map) { map.a[m] = sep; map.b[m++] = i; } }
				if (x > 0) {
					buf[n++] = (x - 1) >> 2;
					if (map) { map.a[m] = i; map.b[m++] = i + len; }
				} else {
					if (n + nk[0].length + 1 > buf.length) { /* NFKC may expand a character a lot */
						buf = grow(buf, n + nk[0].length + 1);
						if (map) { map.a = grow(map.a, buf.length); map.b = grow(map.b, buf.length); }
					}
					for (j = 0; j < nk[0].length; j++) buf[n++] = nk[0].charCodeAt(j);
					if (map) for (j = 0; j < nk[2]; j++) { map.a[m] = i; map.b[m++] = i + len; }
				}
				sep = -1; hard = false; last = k;
			} else {
				if (sep < 0) sep = i;
				if (k === 0) hard = true;
			}
		}
		for (i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(n, i + 4096)));
		return {s: out, map: map};
	};

	/* A copy of typed array a with room for well over n elements. */
	function grow(a, n) {
		var b = new a.constructor(2 * n + 64);
		b.set(a);
		return b;
	}

	/* The fast form of a code unit for compact: (normal form << 2 | class) +
	 * 1 when it is one character of one unit normalised to one unit, else -1. */
	Engine.prototype.unitCode = function (u) {
		var n, c;
		if (u >= 0xd800 && u <= 0xdfff) return -1;
		/* at once: a CJK ideograph of Unicode 8 or ASCII without a variant
		 * (its own NFKC; a CJK character, a word character, white space
		 * or other) */
		n = u >= 0x41 && u <= 0x5a ? u + 32 : u;
		if ((u < 0x80 || (u >= 0x4e00 && u <= 0x9fd5)) && !this.variants[String.fromCharCode(n)])
			return (n << 2 | (u >= 0x4e00 ? 1 : (n >= 0x30 && n <= 0x39) || (n >= 0x61 && n <= 0x7a) ? 2 : (n >= 9 && n <= 13) || n === 32 ? 3 : 0)) + 1;
		n = this.norm(String.fromCharCode(u));
		c = n.charCodeAt(0);
		return n.length === 1 && (c < 0xd800 || c > 0xdfff) ? (c << 2 | cls(n)) + 1 : -1;
	};

	/* [[start, end, marked]] pieces of a snippet of text around the query:
	 * its first occurrence, or in a long text that has the phrase as
	 * written, the first such (only a window around it is compacted). */
	Engine.prototype.snippet = function (text, q, width) {
		var cq = this.compact(q, true).s, lit = cq ? text.indexOf(cq) : -1, a, b;
		if (lit >= 0 && text.length > 8 * width) { /* the phrase as written: compact a window around it */
			a = Math.max(0, lit - 2 * width);
			b = Math.min(text.length, lit + cq.length + 2 * width);
			if (a > 0 && text.charCodeAt(a) >= 0xdc00 && text.charCodeAt(a) <= 0xdfff) a--;
			if (b < text.length && text.charCodeAt(b) >= 0xdc00 && text.charCodeAt(b) <= 0xdfff) b++;
			return this.snippetIn(text.slice(a, b), q, width, cq).map(function (p) {
				return [p[0] + a, p[1] + a, p[2]];
			});
		}
		return this.snippetIn(text, q, width, cq);
	};

	/* snippet over all of text; cq is q's compact form. */
	Engine.prototype.snippetIn = function (text, q, width, cq) {
		var c = this.compact(text), ts = this.queryTerms(q), marks = [], at = -1;
		if (!c.s.length) return [];
		var find = function (needle) {
			for (var i = c.s.indexOf(needle); needle && i >= 0; i = c.s.indexOf(needle, i + 1)) marks.push([i, i + needle.length]);
		};
		find(cq);
		if (!marks.length) ts.forEach(find);
		marks.sort(function (a, b) { return a[0] - b[0]; });
		if (marks.length) at = marks[0][0];
		var from = Math.max(0, at - (width >> 2)), to = Math.min(c.s.length, from + width), out = [], prev;
		var start = from ? c.map.a[from] : 0, end = to < c.s.length ? c.map.b[to - 1] : text.length;
		prev = start;
		marks.forEach(function (mk) {
			if (mk[0] < from || mk[1] > to) return;
			var a = c.map.a[mk[0]], b = c.map.b[mk[1] - 1];
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
	var seq = 0, shown = [], hits = [], query = '', queue = Promise.resolve();

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

	/* ?q= (q, the box's text) and the filters f in the address. */
	function writeURL(q, f) {
		var p = new URLSearchParams();
		if (q) p.set('q', q);
		FILTERS.forEach(function (name) { if (f[name]) p.set(name, f[name]); });
		var s = p.toString();
		try { G.history.replaceState(null, '', G.location.pathname + (s ? '?' + s : '')); } catch (e) { /* some file:// settings */ }
	}

	function run() {
		var my = ++seq, f = filters(), text = box.value, p;
		query = text.trim();
		/* the index files start loading first; the address (replaceState
		 * took 0.5-15 ms in chromium) follows once the first results are
		 * shown */
		p = eng.search(query, f, FIRST, function () { return my === seq; });
		statusEl.textContent = '正在检索…';
		p.then(function (h) {
			if (my !== seq) return;
			hits = h;
			shown = [];
			/* the first few as soon as they are final, then (once the
			 * browser could show them) the rest of the page */
			return showMore(my, FIRST).then(function () {
				if (my !== seq) return;
				statusEl.textContent = h.length ? '共 ' + h.length + ' 条结果' :
					query || FILTERS.some(function (k) { return f[k]; }) ? '没有找到相关结果。' : '';
				return new Promise(function (res) { setTimeout(res, 0); });
			}).then(function () {
				if (my !== seq) return;
				writeURL(text, f);
				return showMore(my, PAGE - FIRST);
			});
		}).catch(function (e) {
			if (my !== seq) return;
			writeURL(text, f);
			statusEl.textContent = '检索出错：' + e.message;
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

	/* Search as soon as the text changes (a newer query makes the older
	 * one stop), but not on the letters an input method shows while a
	 * word is being composed: only on the text it commits. */
	function onInput(e) {
		if (!e.isComposing) run();
	}

	root.classList.add('search-ready');
	statusEl.textContent = '正在载入索引…';
	eng.init().then(function (m) {
		fillFilters(m);
		readURL();
		box.addEventListener('input', onInput);
		box.addEventListener('compositionend', function () { if (box.value.trim() !== query) run(); });
		form.addEventListener('change', function (e) { if (e.target !== box) run(); });
		form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
		more.addEventListener('click', function () { showMore(seq, PAGE); });
		doc.addEventListener('keydown', onKey);
		run();
		setTimeout(function () { eng.warm(); }, 0);
	}).catch(function (e) { statusEl.textContent = '无法载入检索索引：' + e.message; });
})(this);
