// engine-test.js SITE CASES - run static/search.js's engine in node against
// the index the C side wrote for tests/search/rank-corpus.txt (SITE) and the
// shared normaliser cases (CASES); prints TAP.
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path');
const [site, cases, big] = process.argv.slice(2);
const ctx = vm.createContext({TextEncoder, URLSearchParams, console});
vm.runInContext(fs.readFileSync(path.join(__dirname, '../../static/search.js'), 'utf8'), ctx);
const H = ctx.huibianSearch;
let n = 0, failed = 0;
function ok(c, name, diag) {
	n++;
	console.log((c ? 'ok ' : 'not ok ') + n + ' - ' + name);
	if (!c) { failed++; if (diag !== undefined) console.log('#   ' + JSON.stringify(diag)); }
}
const eng = H.engine(site + '/search/', (src, done) => {
	try { vm.runInContext(fs.readFileSync(src, 'utf8'), ctx); done(true); } catch (e) { done(false); }
});
const urls = (hits) => hits.map((h) => h.row[0]);

// A group cut into parts (engine.t's big corpus: entry i has 港X for X =
// U+4F00 + (7i + 13j) mod 600, j < 40): a key is looked up in its part
// alone, a lone 港 in all of them.
async function parts() {
	const files = [], js = fs.readFileSync(path.join(__dirname, '../../static/search.js'), 'utf8');
	const fresh = () => { /* a context of its own: loaded files are kept per context */
		const c = vm.createContext({TextEncoder, URLSearchParams, console});
		vm.runInContext(js, c);
		return c.huibianSearch.engine(big + '/search/', (src, done) => {
			files.push(path.basename(src));
			vm.runInContext(fs.readFileSync(src, 'utf8'), c);
			done(true);
		});
	};
	const e3 = fresh();
	await e3.init();
	const b = e3.m.parts && e3.m.parts['港'];
	ok(b && b.length >= 1, '港 cut into ' + (b ? b.length + 1 : 0) + ' parts', e3.m.parts);
	if (!b) return;
	const ch = (x) => String.fromCharCode(0x4F00 + x), used = new Set();
	let good = 0, tried = 0;
	for (let x = 0; x < 600; x += 7) {
		const want = new Set(), y = e3.norm(ch(x));
		for (let i = 0; i < 4000; i++)
			for (let j = 0; j < 40; j++) if (e3.norm(ch((i * 7 + j * 13) % 600)) === y) { want.add('b/' + i + '/index.html'); break; }
		files.length = 0;
		const h = await e3.search('港' + ch(x), {}, 1);
		tried++;
		if (files.length === 1 && /^28207-\d+\.js$/.test(files[0])) used.add(files[0]);
		if (h.length === want.size && h.every((x) => want.has(x.row[0])) && files.length <= 1) good++;
		else console.log('# 港' + ch(x) + ': ' + h.length + ' hits, want ' + want.size + '; files ' + files.join());
	}
	ok(good === tried, '港X found in one part file, the entries that have it (' + good + ' of ' + tried + ')');
	ok(used.size === b.length + 1, 'the keys tried are in all ' + used.size + ' parts');
	files.length = 0;
	const all = await e3.search('港', {}, 1);
	ok(all.length === 4000 && files.filter((f) => /^28207-/.test(f)).length === 0, 'lone 港: every entry, from the parts loaded', [all.length, files]);
	const e4 = fresh();
	await e4.init();
	files.length = 0;
	const all2 = await e4.search('港', {}, 1);
	ok(all2.length === 4000 && files.length === b.length + 1, 'lone 港 in a fresh engine loads all ' + files.length + ' parts', files);
}

(async () => {
	await eng.init();
	// The normaliser and tokenizer agree with the C side (same file).
	for (const line of fs.readFileSync(cases, 'utf8').split('\n')) {
		if (!line || line[0] === '#') continue;
		const [input, want] = line.split('\t');
		const got = [];
		H.terms(eng.norm(input), (t) => got.push(t));
		ok(got.join(' ') === want, 'JS terms of ' + input, got.join(' '));
	}
	let h = await eng.search('四港联动');
	ok(h[0] && h[0].row[0] === 'r/phrase/index.html' && h[0].phrase === 1, 'exact phrase first', urls(h));
	ok(h.length === 2 && h[1].phrase === 0 && h[1].score > h[0].score - 1e3,
		'scattered bigrams second although their BM25 is higher', h.map((x) => x.score));
	h = await eng.search('冷链物流');
	ok(urls(h).join() === 'r/title/index.html,r/body/index.html', 'title hit boosted', urls(h));
	h = await eng.search('数据要素');
	ok(urls(h).join() === 'r/current/index.html,r/expired/index.html', 'current before expired on equal score', urls(h));
	ok(h[0].score === h[1].score, 'the two scores are equal', h.map((x) => x.score));
	h = await eng.search('数据要素', {status: 'expired'});
	ok(urls(h).join() === 'r/expired/index.html', 'status filter', urls(h));
	for (const q of ['豫政办〔2024〕40号', '豫政办[2024]40号', '豫政办〔2024〕40 号', '豫政辦（2024）40號', '40号']) {
		h = await eng.search(q);
		ok(h.length && h[0].row[0] === 'r/yzb-2024-40/index.html', '文号 ' + q + ' finds yzb-2024-40 first', urls(h));
	}
	h = await eng.search('豫政办〔2024〕42号');
	ok(h[0] && h[0].row[0] === 'r/yzb-2024-42/index.html', '42号 is another document', urls(h));
	h = await eng.search('郑州海关');
	ok(urls(h).join() === 'r/yzb-2024-40/index.html#m-1', 'measure found by its department', urls(h));
	h = await eng.search('', {dept: '郑州海关'});
	ok(urls(h).join() === 'r/yzb-2024-40/index.html#m-1', 'department filter alone lists entries', urls(h));
	h = await eng.search('港', {level: '省'});
	ok(h.length === 3, 'one-character query 港 (unigrams) with level filter', urls(h));
	h = await eng.search('', {year: '2023'});
	ok(h.length === 2, 'year filter', urls(h));
	h = await eng.search('量子纠缠');
	ok(h.length === 0, 'no hit', urls(h));
	h = await eng.search('');
	ok(h.length === 0, 'empty query without filters: nothing');
	// A phrase ranks first among more candidates than one batch of texts.
	h = await eng.search('陆海联运通道');
	ok(h.length === 41 && h[0].row[0] === 'r/late-phrase/index.html' && h[0].phrase === 1,
		'exact phrase first among 41 candidates (lowest BM25)', urls(h).slice(0, 3));
	ok(h.settled >= 20 && h.slice(1, h.settled).every((x) => x.phrase === 0 && x.checked),
		'the first page is checked: no other entry has the phrase', h.settled);
	ok(h.slice(1, 20).every((x, i, a) => !i || a[i - 1].score >= x.score), 'then by score');
	// Traditional queries reach simplified text through the OpenCC table.
	h = await eng.search('聯運通道');
	ok(h[0] && h[0].row[0] === 'r/late-phrase/index.html', 'traditional 聯運通道 finds 联运通道', urls(h).slice(0, 3));
	h = await eng.search('國際航空貨運樞紐');
	ok(urls(h).join() === 'r/yzb-2024-40/index.html#m-1', 'traditional 國際航空貨運樞紐 finds the simplified measure', urls(h));
	ok(eng.norm('樞紐') === '枢纽' && eng.m.variants.includes('樞枢'), 'manifest variants carry 樞 → 枢 (s2t of 枢)');
	h = await eng.search('碱');
	ok(h.length === 0, 'one-character query with no hit');
	h = await eng.search('货');
	ok(urls(h).join() === 'r/yzb-2024-40/index.html#m-1', 'one-character query 货 (in bigrams only, never ending a run)', urls(h));
	h = await eng.search('能');
	ok(urls(h).includes('r/yzb-2024-40/index.html#m-1') && urls(h).includes('r/title/index.html') && h.length === 3, 'one-character query 能: union of its keys (能力 and 能。)', urls(h));
	// A CJK run's last character is looked up alone only when the run is
	// that one character (otherwise its bigrams have it).
	ok(eng.queryTerms('物流').join() === '物流', 'terms of 物流: the bigram only', eng.queryTerms('物流'));
	ok(eng.queryTerms('豫政办〔2024〕40号').join() === '豫政,政办,40号2024',
		'terms of a 文号: the number key "40号2024" stands for 2024, 40, 40号 and 号', eng.queryTerms('豫政办〔2024〕40号'));
	ok(eng.queryTerms('40号').join() === '40号', 'terms of 40号: the number key only', eng.queryTerms('40号'));
	ok(eng.queryTerms('第40号文件').join() === '第,40号,号文,文件', 'terms of 第40号文件', eng.queryTerms('第40号文件'));
	ok(eng.queryTerms('2024 40号').join() === '2024,40号', 'a space parts 2024 from 40号', eng.queryTerms('2024 40号'));
	ok(eng.queryTerms('40号 40').join() === '40号', 'a word that a number key implies is looked up once', eng.queryTerms('40号 40'));
	ok(eng.queryTerms('数据，要').join() === '数据,要', 'a lone character after a run', eng.queryTerms('数据，要'));
	// search(q, f, first) makes only the first `first` hits final; the page
	// asks for 5 first, then the rest: the order is the same.
	const all = await eng.search('陆海联运通道'), few = await eng.search('陆海联运通道', {}, 1);
	ok(few.settled >= 1 && few.settled < Math.min(20, all.length) && few[0].id === all[0].id && few[0].phrase === 1,
		'first hit final before the page is', [few.settled, all.settled, all.length, urls(few).slice(0, 2)]);
	await eng.settle(few, 20);
	ok(urls(few).join() === urls(all).join() && few.map((x) => x.score).join() === all.map((x) => x.score).join(), 'settled later: the same order and scores', urls(few));
	// A query that a newer one replaced loads no texts (alive false).
	const dead = await eng.search('陆海联运通道', {}, 5, () => false);
	ok(dead.length === all.length && dead.settled === 0 && dead.every((x) => !x.text), 'a replaced query stops checking', [dead.length, dead.settled]);
	// A bigram is found by scanning its group, or in the group parsed for a
	// lone character: the same postings.
	const e2 = H.engine(site + '/search/', (src, done) => { vm.runInContext(fs.readFileSync(src, 'utf8'), ctx); done(true); });
	await e2.init();
	const scanned = await e2.search('物流'), lone = await e2.search('物'), parsed = await e2.search('物流');
	ok(scanned.length > 0 && lone.length >= scanned.length && urls(scanned).join() === urls(parsed).join() &&
		scanned.map((x) => x.score).join() === parsed.map((x) => x.score).join(), 'a key scanned for = the key of its parsed group',
		[scanned.length, lone.length, parsed.length]);
	// warm() (the page runs it once the index is loaded) changes no result.
	const cold = await e2.search('四港联动'), seen = e2.ranks.slice();
	e2.warm();
	const warmed = await e2.search('四港联动');
	ok(cold.length > 0 && urls(cold).join() === urls(warmed).join() && cold.map((x) => x.score).join() === warmed.map((x) => x.score).join() &&
		seen.join() === e2.ranks.join(), 'warm() leaves the results as they were', [cold.length, warmed.length]);
	// A long text that has the phrase as written: a window around it.
	const long = '甲乙丙丁'.repeat(400) + '四港联动' + '丙丁'.repeat(500), ls = eng.snippet(long, '四港联动', 40);
	const lm = ls.filter((p) => p[2]).map((p) => long.slice(p[0], p[1]));
	ok(lm.join('|') === '四港联动' && ls[0][0] > 1500 && ls[ls.length - 1][1] < long.length &&
		ls.every((p, i) => i === 0 || p[0] === ls[i - 1][1]), 'snippet of a long text: the phrase, where it is', ls);
	// Characters that NFKC expands: … is three full stops (separators), Ⅱ is ii.
	ok(eng.compact('数据…要素Ⅱ期', true).s === '数据\u0001要素ii期', 'compact form through NFKC expansions', eng.compact('数据…要素Ⅱ期', true).s);
	const cm = eng.compact('ﷺ数据');
	ok(cm.s.length === 20 && cm.s.endsWith('数据') && cm.map.a[18] === 1 && cm.map.b[19] === 3,
		'a character that NFKC makes 18 long: all of it, and the map goes on after it', [cm.s.length, cm.map.a[18], cm.map.b[19]]);
	const t = await eng.text(0);
	ok(t.title === '关于物流枢纽建设的通知' && t.body.startsWith('推动航空港区四港联动发展'), 'text file decodes', t);
	const sn = eng.snippet(t.body, '四港 联动', 40).filter((p) => p[2]).map((p) => t.body.slice(p[0], p[1]));
	ok(sn.join('|') === '四港联动', 'snippet marks the phrase (space between CJK ignored)', sn);
	const sn2 = eng.snippet('文号为豫政办〔2024〕40号。', '豫政办[2024]40号', 40).filter((p) => p[2]);
	ok(sn2.length === 1 && '文号为豫政办〔2024〕40号。'.slice(sn2[0][0], sn2[0][1]) === '豫政办〔2024〕40号', 'phrase marked across brackets', sn2);
	if (big) await parts();
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('not ok - ' + e.stack.replace(/\n/g, '\n# ')); console.log('1..' + (n + 1)); process.exit(1); });
