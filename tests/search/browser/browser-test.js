// browser-test.js SITE QUERIES - the real search page of SITE in Debian's
// chromium (headless, driven by playwright-core), over HTTP on 127.0.0.1
// and from file://; prints TAP.
'use strict';
const fs = require('fs'), path = require('path'), http = require('http');
const {chromium} = require('playwright-core');
const [site, queryFile] = process.argv.slice(2);
let n = 0, failed = 0;
function ok(c, name, diag) {
	n++;
	console.log((c ? 'ok ' : 'not ok ') + n + ' - ' + name);
	if (!c) { failed++; if (diag !== undefined) console.log('#   ' + JSON.stringify(diag)); }
}
const TYPES = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css'};
const bytes = {n: 0};
const server = http.createServer((req, res) => {
	if (req.url === '/favicon.ico') {
		res.writeHead(204);
		return res.end();
	}
	const p = path.join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname));
	if (process.env.STUB_PAGES && /\/index\.html$/.test(p) && !fs.existsSync(p)) {
		res.writeHead(200, {'Content-Type': TYPES['.html']}); // driver site: no document pages
		return res.end('<!DOCTYPE html><meta charset="utf-8"><title>stub</title><p>stub');
	}
	if (!p.startsWith(path.resolve(site)) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) {
		res.writeHead(404);
		return res.end();
	}
	const data = fs.readFileSync(p);
	bytes.n += data.length;
	res.writeHead(200, {'Content-Type': TYPES[path.extname(p)] || 'application/octet-stream'});
	res.end(data);
});
const queries = fs.readFileSync(queryFile, 'utf8').split('\n').filter((l) => l && l[0] !== '#').map((l) => l.split('\t'));

// Wait until the page has finished the query in the box; return the hrefs.
async function settle(page) {
	await page.waitForFunction(() => {
		const s = document.getElementById('search-status').textContent;
		return /^(共 |没有找到)/.test(s);
	}, null, {timeout: 10000});
	await page.waitForTimeout(50);
	return page.$$eval('#search-results a.search-title', (as) => as.map((a) => a.getAttribute('href')));
}
const fileOf = (href) => (href || '').replace(/#.*$/, '').replace(/\/index\.html$/, '').split('/').pop();

async function queryTests(page, base, label) {
	for (const [q, want] of queries) {
		await page.goto(base + 'search/index.html');
		await page.waitForFunction(() => document.getElementById('search-status').textContent === '');
		await page.fill('#search-q', q);
		const hrefs = await settle(page);
		if (want === '-') ok(hrefs.length === 0, label + ': ' + q + ' has no result', hrefs);
		else ok(hrefs.slice(0, 3).map(fileOf).includes(want), label + ': ' + q + ' → ' + want + ' in the top 3', hrefs.slice(0, 3));
	}
}

(async () => {
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const http0 = 'http://127.0.0.1:' + server.address().port + '/';
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--allow-file-access-from-files'],
	});
	const page = await browser.newPage();
	const errors = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	page.on('pageerror', (e) => errors.push(String(e)));
	await queryTests(page, http0, 'http');

	// A linkable query with filters; the URL follows the controls.
	await page.goto(http0 + 'search/index.html?q=' + encodeURIComponent('物流') + '&dept=' + encodeURIComponent('河南省人民政府办公厅'));
	let hrefs = await settle(page);
	ok(hrefs.length > 0 && (await page.inputValue('#search-q')) === '物流', '?q= runs the query on load', hrefs);
	ok((await page.inputValue('select[name=dept]')) === '河南省人民政府办公厅', 'filter read from the URL');
	await page.selectOption('select[name=year]', '2024');
	await settle(page);
	ok(/year=2024/.test(page.url()) && /dept=/.test(page.url()), 'filters written back to the URL', page.url());
	const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
	ok(marks.length > 0 && marks.every((m) => m.replace(/\s/g, '') === '物流'), 'snippets mark the query', marks.slice(0, 5));
	const badge = await page.$$eval('#search-results .badge[class*=status-]', (s) => s.map((x) => x.textContent));
	ok(badge.length && badge.every((b) => b === '现行有效'), 'status badges', badge.slice(0, 3));

	// Keyboard: / focuses the box, arrows move, Enter opens.
	await page.goto(http0 + 'search/index.html');
	await page.waitForFunction(() => document.getElementById('search-status').textContent === '');
	await page.click('h1');
	await page.keyboard.press('/');
	ok(await page.evaluate(() => document.activeElement.id === 'search-q'), '/ focuses the search box');
	await page.keyboard.type('物流');
	hrefs = await settle(page);
	ok(/q=%E7%89%A9%E6%B5%81/.test(page.url()) && hrefs.length >= 2, 'typing updates ?q= (replaceState)', page.url());
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	const second = await page.evaluate(() => document.activeElement.getAttribute('href'));
	ok(second === hrefs[1], 'ArrowDown twice focuses the second result', second);
	await page.keyboard.press('ArrowUp');
	const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
	ok(first === hrefs[0], 'ArrowUp goes back', first);
	await Promise.all([page.waitForURL((u) => !/search\/index\.html/.test(u.pathname)), page.keyboard.press('Enter')]);
	ok(!/search\/index\.html/.test(page.url()) && page.url().includes(hrefs[0].replace(/^\.\.\//, '').replace(/#.*/, '')), 'Enter opens the result', page.url());

	// An input method: the letters shown while a word is composed are not
	// searched; the text it commits is.
	await page.goto(http0 + 'search/index.html');
	await page.waitForFunction(() => document.getElementById('search-status').textContent === '');
	const composing = await page.evaluate(() => new Promise((res) => {
		const box = document.getElementById('search-q');
		box.dispatchEvent(new CompositionEvent('compositionstart'));
		box.value = 'wuliu';
		box.dispatchEvent(new InputEvent('input', {isComposing: true}));
		setTimeout(() => res([document.getElementById('search-status').textContent, location.search]), 300);
	}));
	ok(composing[0] === '' && composing[1] === '', 'no search while an input method composes', composing);
	await page.evaluate(() => {
		const box = document.getElementById('search-q');
		box.value = '物流';
		box.dispatchEvent(new CompositionEvent('compositionend', {data: '物流'}));
	});
	hrefs = await settle(page);
	ok(hrefs.length >= 2 && /q=%E7%89%A9%E6%B5%81/.test(page.url()), 'the committed text is searched', page.url());

	// Bytes a query downloads, from a fresh page.
	const before = bytes.n;
	await page.goto(http0 + 'search/index.html?q=' + encodeURIComponent('四港联动'));
	await settle(page);
	console.log('# a page load with the query 四港联动 fetched ' + (bytes.n - before) + ' bytes over HTTP');

	// file://
	const fileBase = 'file://' + path.resolve(site) + '/';
	await page.goto(fileBase + 'search/index.html?q=' + encodeURIComponent('合成氨'));
	hrefs = await settle(page);
	ok(hrefs.slice(0, 3).map(fileOf).includes('ygxlhg-2024-178'), 'file://: ?q=合成氨 works', hrefs);
	await queryTests(page, fileBase, 'file');
	ok(errors.length === 0, 'no errors in the console (CSP, scripts)', errors.slice(0, 5));
	await browser.close();
	server.close();
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	console.log('not ok - ' + String(e.stack).replace(/\n/g, '\n# '));
	console.log('1..' + (n + 1));
	process.exit(1);
});
