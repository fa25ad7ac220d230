// xss-test.js SITE - open every page of a built site in Debian's chromium
// (headless, playwright-core) from file:// and fail (TAP) if any script of
// the content runs: a dialog, a call to alert/confirm/prompt, a CSP
// violation (an injected script or handler that reached the DOM), an event
// attribute, a script that is not one of the site's own files, or a
// javascript:/vbscript: URL in a link, frame or form.  On the search page it
// also searches for the payloads, so that snippets are checked too.
'use strict';
const fs = require('fs'), path = require('path');
const {chromium} = require('playwright-core');
const site = path.resolve(process.argv[2]);
let n = 0, failed = 0;
function ok(c, name, diag) {
	n++;
	console.log((c ? 'ok ' : 'not ok ') + n + ' - ' + name);
	if (!c) { failed++; if (diag !== undefined) console.log('#   ' + JSON.stringify(diag).slice(0, 600)); }
}
function pages(dir) {
	return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? pages(p) : e.name.endsWith('.html') ? [p] : [];
	}).sort();
}
// Runs in the page before any of its scripts: records what a payload would do.
function watch() {
	window.__xss = [];
	for (const f of ['alert', 'confirm', 'prompt', 'print'])
		window[f] = (...a) => window.__xss.push(f + '(' + a.join(',') + ')');
	document.addEventListener('securitypolicyviolation',
		(e) => window.__xss.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
}
// Runs in the loaded page: what is dangerous in its DOM.
function inspect(own) {
	const bad = [];
	for (const el of document.querySelectorAll('*')) {
		for (const a of el.attributes) {
			const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
			if (a.name.startsWith('on')) bad.push('event attribute ' + el.tagName + ' ' + a.name);
			if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) &&
			    /^(javascript|vbscript):/.test(v))
				bad.push('script URL ' + el.tagName + ' ' + a.name + '=' + a.value);
		}
		if (el.tagName === 'SCRIPT' && !(el.src && own.some((d) => el.src.startsWith(d))))
			bad.push('foreign script ' + (el.src || el.textContent.slice(0, 60)));
		if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME'].includes(el.tagName)) bad.push('element ' + el.tagName);
	}
	return bad.concat(window.__xss);
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--allow-file-access-from-files'],
	});
	const page = await browser.newPage();
	const dialogs = [];
	page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
	await page.addInitScript(watch);
	// the site's own scripts: static/, the search index and the data files
	const staticDir = ['static', 'search', 'data'].map((d) => 'file://' + site + '/' + d + '/');
	const all = pages(site);
	ok(all.length >= 3, 'the site has pages (' + all.length + ')');
	for (const p of all) {
		dialogs.length = 0;
		await page.goto('file://' + p, {waitUntil: 'load'});
		await page.waitForTimeout(100);
		const bad = (await page.evaluate(inspect, staticDir)).concat(dialogs.map((d) => 'dialog ' + d));
		ok(bad.length === 0, 'no script runs in ' + path.relative(site, p), bad);
	}
	const search = path.join(site, 'search', 'index.html');
	if (fs.existsSync(search)) {
		for (const q of ['script', 'alert', 'onerror', 'javascript', '<img src=x onerror=alert(1)>']) {
			dialogs.length = 0;
			await page.goto('file://' + search + '?q=' + encodeURIComponent(q), {waitUntil: 'load'});
			await page.waitForTimeout(800);
			const hits = await page.$$eval('#search-results li', (l) => l.length);
			const bad = (await page.evaluate(inspect, staticDir)).concat(dialogs.map((d) => 'dialog ' + d));
			ok(bad.length === 0, 'search for ' + JSON.stringify(q) + ': ' + hits + ' results, no script runs', bad);
		}
	}
	await browser.close();
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('Bail out! ' + e); process.exit(1); });
