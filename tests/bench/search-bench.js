// search-bench.js SITE - bytes and time of typical queries: the engine of
// static/search.js in node with a fresh cache per query (manifest + shards
// + texts of the verified hits), then in headless chromium from file://:
// the time to load the index, and for each query the time from typing it
// (the input event) to its first results shown (the page shows 5, then the
// rest of its 20), once with nothing loaded and once again.  SEARCH_JS=FILE runs another
// search.js in node (to compare versions; the browser uses the site's).
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path');
const site = process.argv[2], top = path.join(__dirname, '../..');
const QUERIES = ['四港联动', '数据要素', '豫政办〔2020〕15号', '职业技能竞赛', '中欧班列', '物流', '碱', '乡村全面振兴',
	'营商环境', '专精特新'];
const src = fs.readFileSync(process.env.SEARCH_JS || path.join(top, 'static/search.js'), 'utf8');

async function fresh(q) {
	let bytes = 0, files = 0;
	const ctx = vm.createContext({TextEncoder, URLSearchParams});
	vm.runInContext(src, ctx);
	const eng = ctx.huibianSearch.engine(site + '/search/', (f, done) => {
		const s = fs.readFileSync(f, 'utf8');
		bytes += Buffer.byteLength(s);
		files++;
		vm.runInContext(s, ctx);
		done(true);
	});
	await eng.init();
	const man = bytes, t0 = process.hrtime.bigint();
	/* what the page loads for its first 5 results, then for a page of 20 */
	const hits = await eng.search(q, {}, 5);
	await Promise.all(hits.slice(0, 5).map((h) => eng.text(h.id)));
	const ms = Number(process.hrtime.bigint() - t0) / 1e6, first = bytes - man, ffiles = files - 1;
	await eng.settle(hits, 20);
	await Promise.all(hits.slice(0, 20).map((h) => eng.text(h.id)));
	return {q, hits: hits.length, man, first, ffiles, bytes: bytes - man, files: files - 1, ms};
}

(async () => {
	console.log('query (node, fresh cache): hits; bytes beyond the manifest (files) for the first 5 results, engine ms; for 20');
	const bytes = [], firsts = [];
	let man = 0;
	for (const q of QUERIES) {
		const r = await fresh(q);
		bytes.push(r.bytes);
		firsts.push(r.first);
		man = r.man;
		console.log(`  ${r.q}: ${r.hits} hits; first 5: ${r.first} bytes (${r.ffiles} files), ${r.ms.toFixed(1)} ms; 20: ${r.bytes} bytes (${r.files} files)`);
	}
	bytes.sort((x, y) => x - y);
	firsts.sort((x, y) => x - y);
	console.log(`  manifest ${man} bytes; beyond it for the first 5 results median ${firsts[firsts.length >> 1]} bytes, ` +
		`most ${firsts[firsts.length - 1]}; for 20 median ${bytes[bytes.length >> 1]}, most ${bytes[bytes.length - 1]}`);
	let chromium;
	try { chromium = require(path.join(top, 'tests/search/browser/node_modules/playwright-core')).chromium; } catch (e) {
		console.log('browser latency: skipped (npm ci in tests/search/browser)');
		return;
	}
	const b = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files']});
	const url = 'file://' + path.resolve(site) + '/search/index.html';
	const ready = () => document.getElementById('search-status').textContent === '';
	console.log('browser from file:// (typed → first results shown; fresh page, then again):');
	const t = [];
	for (const q of QUERIES) {
		const page = await b.newPage();
		const t0 = Date.now();
		await page.goto(url);
		await page.waitForFunction(ready, null, {timeout: 120000});
		const load = Date.now() - t0;
		const typed = async () => page.evaluate((q) => new Promise((res) => {
			const box = document.getElementById('search-q'), st = document.getElementById('search-status');
			let t0 = 0;
			const obs = new MutationObserver(() => {
				if (t0 && /^(共 |没有找到)/.test(st.textContent)) { obs.disconnect(); res([performance.now() - t0, st.textContent]); }
			});
			obs.observe(st, {childList: true, characterData: true, subtree: true});
			box.value = q;
			t0 = performance.now();
			box.dispatchEvent(new Event('input'));
		}), q);
		const [first, status] = await typed();
		await page.evaluate(() => { document.getElementById('search-q').value = ''; });
		const [again] = await typed();
		t.push(first);
		console.log(`  ${q}: ${first.toFixed(0)} ms, again ${again.toFixed(0)} ms (${status}); index loaded in ${load} ms`);
		await page.close();
	}
	t.sort((x, y) => x - y);
	console.log(`  median ${t[t.length >> 1].toFixed(0)} ms, worst ${t[t.length - 1].toFixed(0)} ms`);
	await b.close();
})();
