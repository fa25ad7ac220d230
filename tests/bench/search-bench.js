// search-bench.js SITE - bytes and time of typical queries: the engine of
// static/search.js in node with a fresh cache per query (manifest + shards
// + texts of the verified hits), then latency in headless chromium.
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path');
const site = process.argv[2], top = path.join(__dirname, '../..');
const QUERIES = ['四港联动', '数据要素', '豫政办〔2020〕15号', '职业技能竞赛', '中欧班列', '物流', '碱', '乡村全面振兴'];
const src = fs.readFileSync(path.join(top, 'static/search.js'), 'utf8');

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
	const hits = await eng.search(q);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	return {q, hits: hits.length, man, bytes: bytes - man, files: files - 1, ms};
}

(async () => {
	console.log('query (node, fresh cache): hits, bytes beyond the manifest (files), engine ms');
	for (const q of QUERIES) {
		const r = await fresh(q);
		console.log(`  ${r.q}: ${r.hits} hits, ${r.bytes} bytes (${r.files} files), ${r.ms.toFixed(1)} ms; manifest ${r.man} bytes`);
	}
	let chromium;
	try { chromium = require(path.join(top, 'tests/search/browser/node_modules/playwright-core')).chromium; } catch (e) {
		console.log('browser latency: skipped (npm ci in tests/search/browser)');
		return;
	}
	const b = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files']});
	const page = await b.newPage();
	await page.goto('file://' + path.resolve(site) + '/search/index.html');
	await page.waitForFunction(() => document.getElementById('search-status').textContent === '', null, {timeout: 60000});
	console.log('browser latency from file:// (type → results shown, 150 ms debounce excluded):');
	for (const q of QUERIES) {
		const ms = await page.evaluate((q) => new Promise((res) => {
			const box = document.getElementById('search-q'), st = document.getElementById('search-status');
			box.value = q;
			const t0 = performance.now();
			const obs = new MutationObserver(() => {
				if (/^(共 |没有找到)/.test(st.textContent)) { obs.disconnect(); res(performance.now() - t0); }
			});
			obs.observe(st, {childList: true, characterData: true, subtree: true});
			box.form.requestSubmit();
		}), q);
		console.log(`  ${q}: ${ms.toFixed(0)} ms (first run, shards and texts loaded)`);
	}
	await b.close();
})();
