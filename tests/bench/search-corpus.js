// search-corpus.js N SEED_FILES... - a synthetic corpus of N documents for
// the search benchmark: paragraphs of the seed texts shuffled into
// documents (deterministic), in the format of search_driver.c.
'use strict';
const fs = require('fs');
const [nArg, ...files] = process.argv.slice(2);
const paras = [];
for (const f of files)
	for (const p of fs.readFileSync(f, 'utf8').split(/\n\s*\n/)) {
		const t = p.replace(/[#*\\]/g, '').trim();
		if (t.length > 30) paras.push(t);
	}
let seed = 42;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const depts = ['河南省人民政府办公厅', '河南省发展和改革委员会', '河南省财政厅', '河南省交通运输厅', '郑州市人民政府', '河南省商务厅'];
const topics = ['物流', '外贸', '就业', '数据', '农业', '科技', '金融', '产业培育'];
const statuses = [['现行有效', 'current'], ['已失效', 'expired'], ['已修改', 'amended'], ['已废止', 'repealed']];
const out = [];
for (let i = 0; i < +nArg; i++) {
	const body = [];
	for (let j = 2 + rnd(6); j > 0; j--) body.push(paras[rnd(paras.length)]);
	const year = 2015 + rnd(10), st = statuses[rnd(8) < 5 ? 0 : rnd(4)];
	out.push(['url: bench/d' + i + '/index.html', 'title: ' + paras[rnd(paras.length)].slice(0, 12 + rnd(20)) + '的通知',
		'number: 豫政办〔' + year + '〕' + (1 + rnd(200)) + '号', 'issuers: ' + depts[rnd(depts.length)],
		'topics: ' + topics[rnd(topics.length)] + '、' + topics[rnd(topics.length)],
		'date: ' + year + '-0' + (1 + rnd(9)) + '-1' + rnd(10), 'level: ' + ['省', '市'][rnd(2)],
		'status_label: ' + st[0], 'status_class: ' + st[1], '', body.join('\n\n')].join('\n'));
}
process.stdout.write(out.join('\n%%\n') + '\n');
