// inforce.js DIR DATE... - print, for each DATE, the hrefs of the documents
// static/views.js finds in force on it from DIR/data/inforce.js (one line
// per date: "DATE href href ...", newest first).  Used by tests/views/data.t.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const views = require(path.join(__dirname, "../../static/views.js"));
const [dir, ...dates] = process.argv.slice(2);
const sandbox = {window: {}};
vm.runInNewContext(fs.readFileSync(path.join(dir, "data/inforce.js"), "utf8"), sandbox);
const data = sandbox.window.HUIBIAN_INFORCE;
const order = views.newestFirst(data.documents);
for (const day of dates.length ? dates : [data.date]) {
	const state = [];
	data.documents.forEach((d, i) => views.inForce(data.documents, state, i, day));
	console.log([day, ...order.filter((i) => state[i] === 2).map((i) => data.documents[i].href)].join(" "));
}
