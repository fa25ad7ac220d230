// filter-test.js SITE - the filters static/views.js adds to the built demo
// site, in Debian's chromium (headless, playwright-core) from file://: the
// measures table filtered by topic, responsible department, level and
// status shows exactly the rows whose visible cells say so, the count says
// how many, the page links carry the filter to the next page of the table,
// which applies it from its URL; the in-force page's date picker lists what
// was in force on the day picked.  Prints TAP.
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
const url = (p) => 'file://' + path.join(site, p);

// The rows of the table as the reader sees them: shown or not, and the text
// of the topic, department and status cells.
function rows(page) {
	return page.evaluate(() => [...document.querySelectorAll('table[data-v-table] tbody tr:not(.v-ghead)')].map((r) => ({
		shown: r.checkVisibility(),
		topics: r.cells[1].textContent, depts: r.cells[2].textContent,
		// the status and the level are the document's: its group's heading and <tbody>
		status: r.parentNode.querySelector('.v-ghead .badge').textContent,
		level: r.parentNode.getAttribute('data-level'),
		headShown: r.parentNode.rows[0].checkVisibility(),
		group: [...r.parentNode.parentNode.tBodies].indexOf(r.parentNode),
	})));
}
// The options of select name: [{value, label}], without 全部.
function options(page, name) {
	return page.evaluate((name) => [...document.querySelectorAll('select[name="' + name + '"] option')]
		.filter((o) => o.value).map((o) => ({value: o.value, label: o.textContent})), name);
}
const count = (page) => page.evaluate(() => document.querySelector('[data-v-count]').textContent);

// filterBy: choose an option of select name whose label some but not all
// rows of the page show in field, select it, and check what is shown.
async function filterBy(page, name, field, match) {
	const all = await rows(page);
	const opts = await options(page, name);
	const pick = opts.map((o) => ({o, k: all.filter((r) => match(r[field], o.label)).length}))
		.filter((x) => x.k > 0 && x.k < all.length).sort((a, b) => b.k - a.k)[0];
	ok(pick, name + ': an option that some rows of the page have', opts.length);
	if (!pick) return null;
	await page.selectOption('select[name="' + name + '"]', pick.o.value);
	const now = await rows(page);
	const wrong = now.filter((r) => r.shown !== match(r[field], pick.o.label));
	ok(wrong.length === 0 && now.filter((r) => r.shown).length === pick.k,
		name + ' = ' + pick.o.label + ': exactly the ' + pick.k + ' rows that show it', wrong.slice(0, 2));
	const heads = now.filter((r) => r.headShown !== now.some((x) => x.group === r.group && x.shown));
	ok(heads.length === 0, name + ': a document\'s heading is shown exactly when one of its rows is', heads.slice(0, 2));
	const c = await count(page);
	ok(c === '显示 ' + pick.k + ' 条，本页共 ' + all.length + ' 条', name + ': the count says so: ' + c);
	await page.selectOption('select[name="' + name + '"]', '');
	return pick.o;
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--allow-file-access-from-files'],
	});
	const page = await browser.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	await page.goto(url('measures/all/1/index.html'));
	ok(await page.evaluate(() => !document.querySelector('form[data-v-filter]').hidden),
		'the filter form is shown when JavaScript runs');
	const all = await rows(page);
	ok(all.length === 200 && all.every((r) => r.shown), 'page 1 of the table: 200 rows, all shown', all.length);
	ok(await count(page) === '本页共 200 条', 'unfiltered, the count is the page\'s rows');

	const has = (cell, label) => cell.includes(label);
	await filterBy(page, 'dept', 'depts', has);
	await filterBy(page, 'status', 'status', (cell, label) => cell.trim() === label);
	const topic = await filterBy(page, 'topic', 'topics', has);
	const levels = await options(page, 'level');
	const level = levels.find((l) => all.some((r) => r.level === l.value) && !all.every((r) => r.level === l.value));
	ok(level, 'level: an option that some rows of the page have', levels);
	if (level) {
		await page.selectOption('select[name="level"]', level.value);
		const now = await rows(page);
		ok(now.every((r) => r.shown === (r.level === level.value)), 'level = ' + level.label + ': exactly its rows');
		await page.selectOption('select[name="level"]', '');
	}

	// The filter goes with the page links, and page 2 applies it.
	if (topic) {
		await page.selectOption('select[name="topic"]', topic.value);
		const next = await page.evaluate(() => document.querySelector('a[data-v-page]').href);
		ok(next.includes('topic=' + encodeURIComponent(topic.value)), 'the page link carries the filter: ' + next);
		await page.goto(next);
		const sel = await page.evaluate(() => document.querySelector('select[name="topic"]').value);
		const p2 = await rows(page);
		ok(sel === topic.value && p2.length > 0 && p2.every((r) => r.shown === r.topics.includes(topic.label)),
			'page 2 opened from that link applies the same filter', {sel, rows: p2.length});
	}

	// In force on a day: the date picker redraws the list from data/inforce.js.
	await page.goto(url('timeline/inforce/index.html'));
	const listed = () => page.evaluate(() => document.querySelectorAll('[data-v-inforce-list] li').length);
	const before = await listed();
	await page.waitForFunction(() => !document.querySelector('form[data-v-inforce]').hidden);
	await page.fill('input[name="date"]', '2022-01-01');
	const early = await listed();
	const summary = await page.evaluate(() => document.querySelector('[data-v-inforce-summary]').textContent);
	ok(early > 0 && early < before, 'in force on 2022-01-01: fewer documents than on the build date (' +
		early + ' < ' + before + ')');
	ok(summary.startsWith('2022-01-01 有效文件 ' + early + ' 件'), 'the summary names the day and the count: ' + summary);
	// Before every dated document: only those without any date (no start
	// of force is known for them, so none is assumed).
	const undated = JSON.parse(fs.readFileSync(path.join(site, 'data/inforce.json'), 'utf8'))
		.documents.filter((d) => !d.from && !d.to).map((d) => d.href).sort();
	await page.fill('input[name="date"]', '2015-01-01');
	const hrefs = (await page.evaluate(() => [...document.querySelectorAll('[data-v-inforce-list] li a')]
		.map((a) => a.getAttribute('href')))).map((h) => h.replace(/^(\.\.\/)+/, '')).sort();
	ok(undated.length > 0 && JSON.stringify(hrefs) === JSON.stringify(undated),
		'in force on 2015-01-01: only the ' + undated.length + ' undated documents', {hrefs, undated});
	ok(errors.length === 0, 'no script errors', errors);
	await browser.close();
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('Bail out! ' + e); process.exit(1); });
