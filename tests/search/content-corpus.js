// content-corpus.js CONTENT_DIR - turn content/<collection>/*.md into the
// corpus format of tests/bench/search_driver.c (documents only, Markdown
// marks stripped roughly).  Used by browser.t when the huibian binary does
// not build a search index yet, and by the benchmark as seed text.
'use strict';
const fs = require('fs'), path = require('path');
const top = process.argv[2];
const out = [];
for (const coll of fs.readdirSync(top).sort()) {
	const dir = path.join(top, coll);
	if (!fs.statSync(dir).isDirectory()) continue;
	for (const f of fs.readdirSync(dir).sort()) {
		if (!f.endsWith('.md') || f.startsWith('_')) continue;
		const src = fs.readFileSync(path.join(dir, f), 'utf8');
		const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(src);
		if (!m) continue;
		const meta = {};
		let key = null;
		for (const line of m[1].split('\n')) {
			let g;
			if ((g = /^([a-z_]+):\s*(.*)$/.exec(line))) {
				key = g[1];
				meta[key] = g[2] ? g[2].replace(/^"(.*)"$/, '$1') : [];
			} else if ((g = /^\s+-\s+(.*)$/.exec(line)) && key && Array.isArray(meta[key])) {
				meta[key].push(g[1].replace(/^"(.*)"$/, '$1'));
			}
		}
		const join = (v) => (Array.isArray(v) ? v.join('、') : v || '');
		const body = m[2].replace(/^#+\s*/gm, '').replace(/\\([.\\*_])/g, '$1').replace(/\*\*/g, '');
		out.push([
			'url: ' + coll + '/' + f.replace(/\.md$/, '') + '/index.html',
			'title: ' + join(meta.title), 'number: ' + join(meta.number),
			'issuers: ' + join(meta.issuers), 'topics: ' + join(meta.topics),
			'date: ' + join(meta.signed), 'level: ' + join(meta.level),
			'status_label: 现行有效', 'status_class: current', '', body.trim(),
		].join('\n'));
	}
}
process.stdout.write(out.join('\n%%\n') + '\n');
