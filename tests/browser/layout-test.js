// layout-test.js SITE - the built demo site in Debian's chromium (headless,
// playwright-core) from file://: pages fit a 360 px wide phone without
// sideways scrolling (tables scroll inside their box), the wide layout puts
// the table of contents beside the text, and printing hides navigation,
// search and the table of contents and keeps measures and tables unbroken.
// Prints TAP.
'use strict';
const fs = require('fs'), path = require('path');
const {chromium} = require('playwright-core');
const site = path.resolve(process.argv[2]);
let n = 0, failed = 0;
function ok(c, name, diag) {
	n++;
	console.log((c ? 'ok ' : 'not ok ') + n + ' - ' + name);
	if (!c) { failed++; if (diag !== undefined) console.log('#   ' + JSON.stringify(diag).slice(0, 400)); }
}
// A few pages of each kind: home, a compilation, documents with a table and
// measures, the views.
function samplePages() {
	const pick = ['index.html', 'search/index.html', 'measures/index.html', 'measures/all/1/index.html', 'departments/index.html',
		'timeline/index.html'];
	for (const comp of fs.readdirSync(site).sort()) {
		const dir = path.join(site, comp);
		if (!fs.existsSync(path.join(dir, 'index.html')) || ['search', 'measures', 'departments',
			'timeline', 'changes', 'static', 'data'].includes(comp)) continue;
		pick.push(comp + '/index.html');
		const docs = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'index.html'))).sort();
		for (const d of docs.slice(0, 3)) pick.push(comp + '/' + d + '/index.html');
	}
	return pick.filter((p) => fs.existsSync(path.join(site, p)));
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--allow-file-access-from-files'],
	});
	const pages = samplePages();
	ok(pages.length >= 10, 'pages to look at: ' + pages.length);
	const phone = await browser.newPage({viewport: {width: 360, height: 740}});
	for (const p of pages) {
		await phone.goto('file://' + path.join(site, p));
		const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
		ok(wide <= 360, 'no sideways scrolling at 360 px: ' + p, wide);
	}
	const desk = await browser.newPage({viewport: {width: 1280, height: 900}});
	const doc = pages.find((p) => p.split('/').length === 3 && !p.startsWith('search'));
	await desk.goto('file://' + path.join(site, doc));
	const boxes = await desk.evaluate(() => {
		const r = (s) => { const e = document.querySelector(s); return e && e.getBoundingClientRect(); };
		return {toc: r('nav.toc-side'), body: r('.doc-body')};
	});
	ok(boxes.toc && boxes.body && boxes.toc.right <= boxes.body.left + 1,
		'at 1280 px the table of contents stands beside the text: ' + doc, boxes);
	await desk.emulateMedia({media: 'print'});
	const printed = await desk.evaluate(() => {
		const shown = (s) => [...document.querySelectorAll(s)].some((e) => getComputedStyle(e).display !== 'none');
		const m = document.querySelector('.measure');
		return {nav: shown('.site-header'), search: shown('.search-box'), toc: shown('.toc'),
			measureBreak: m ? getComputedStyle(m).breakInside : 'no measure'};
	});
	ok(!printed.nav && !printed.search && !printed.toc, 'print hides navigation, search and the table of contents', printed);
	ok(printed.measureBreak === 'avoid', 'print keeps a measure on one page', printed);
	const pdf = await desk.pdf({format: 'A4'});
	ok(pdf.length > 1000, 'the document prints to PDF (' + pdf.length + ' bytes)');
	await browser.close();
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('Bail out! ' + e); process.exit(1); });
