/* views.js - filtering of the measures tables and the "in force on a day"
 * list.  No framework, no inline script: the pages are complete without
 * JavaScript; this only adds the filters.  Data come from the tables
 * themselves: a document group's data-level and data-status, and the ids in
 * the links of each row's topic and department cells (one page of a table
 * at a time; the page links keep the filter) and, for the in-force page, from data/inforce.js
 * (window.HUIBIAN_INFORCE, written by the build and loaded here; see viewstime.c for the
 * rule, which inForce below must follow). */
(function () {
	"use strict";

	function has(list, value) {
		return (" " + list + " ").indexOf(" " + value + " ") >= 0;
	}

	/* The page links (a[data-v-page]) carry the filter to the other pages
	 * of the table, which apply it in turn. */
	function keepFilter(f) {
		var q = [];
		Object.keys(f).forEach(function (k) {
			if (f[k])
				q.push(encodeURIComponent(k) + "=" + encodeURIComponent(f[k]));
		});
		Array.prototype.forEach.call(document.querySelectorAll("a[data-v-page]"), function (a) {
			a.search = q.length ? "?" + q.join("&") : "";
		});
	}

	/* The ids of the topics or departments a cell links to: each link's
	 * folder (…/t-…/index.html, …/d-…/index.html). */
	function linkIds(cell) {
		return Array.prototype.map.call(cell.getElementsByTagName("a"), function (a) {
			var path = a.getAttribute("href").split("/");
			return path[path.length - 2];
		}).join(" ");
	}

	/* The groups of a measures table: one per document (<tbody> with
	 * data-level and data-status, a heading row, then a row per measure
	 * whose cells 2 and 3 link its topics and departments). */
	function tableGroups(table) {
		return Array.prototype.map.call(table.tBodies, function (body) {
			var rows = Array.prototype.filter.call(body.rows, function (r) {
				return r.className !== "v-ghead";
			});
			return {
				body: body, level: body.getAttribute("data-level"),
				status: body.getAttribute("data-status"),
				rows: rows.map(function (r) {
					return {tr: r, topics: linkIds(r.cells[1]), depts: linkIds(r.cells[2])};
				})
			};
		});
	}

	/* One filter form and the table after it (each page of a paginated
	 * table filters its own rows; a document's group is hidden with its
	 * last row). */
	function setupFilter(form) {
		var wrap = form.nextElementSibling;
		var table = wrap && wrap.querySelector("table[data-v-table]");
		var count = form.querySelector("[data-v-count]");
		if (!table)
			return;
		var groups = tableGroups(table), total = 0;
		groups.forEach(function (g) { total += g.rows.length; });
		var paged = document.querySelector("a[data-v-page]") !== null;
		var params = new URLSearchParams(window.location.search);
		function value(name) {
			var s = form.elements[name];
			return s ? s.value : "";
		}
		function apply() {
			var topic = value("topic"), dept = value("dept");
			var level = value("level"), status = value("status");
			var shown = 0;
			groups.forEach(function (g) {
				var doc = (!level || g.level === level) && (!status || g.status === status);
				var here = 0;
				g.rows.forEach(function (r) {
					var ok = doc && (!topic || has(r.topics, topic)) &&
						(!dept || has(r.depts, dept));
					r.tr.hidden = !ok;
					if (ok)
						here++;
				});
				g.body.hidden = here === 0;
				shown += here;
			});
			if (count) /* a page of a paginated table counts its own rows */
				count.textContent = (shown === total ? "" : "显示 " + shown + " 条，") +
					(paged ? "本页共 " : "共 ") + total + " 条";
			keepFilter({topic: topic, dept: dept, level: level, status: status});
		}
		["topic", "dept", "level", "status"].forEach(function (name) {
			var s = form.elements[name];
			if (s && params.get(name)) {
				s.value = params.get(name);
				if (s.value !== params.get(name))
					s.value = "";
			}
		});
		form.addEventListener("change", apply);
		form.addEventListener("submit", function (e) { e.preventDefault(); });
		form.hidden = false;
		apply();
	}

	/* Is document i in force on day (YYYY-MM-DD strings compare as dates)? */
	function inForce(docs, state, i, day) {
		var d = docs[i];
		if (state[i] === 2 || state[i] === 3)
			return state[i] === 2;
		if ((d.from && day < d.from) || (d.to && day > d.to) || (d.out && day >= d.out)) {
			state[i] = 3;
			return false;
		}
		state[i] = 1;
		for (var k = 0; !d.exempt && k < d.by.length; k++) {
			if (state[d.by[k]] !== 1 && inForce(docs, state, d.by[k], day)) {
				state[i] = 3;
				return false;
			}
		}
		state[i] = 2;
		return true;
	}

	function newestFirst(docs) {
		var order = docs.map(function (d, i) { return i; });
		order.sort(function (a, b) {
			var x = docs[a], y = docs[b];
			if (x.date !== y.date)
				return x.date < y.date ? 1 : -1;
			return x.href < y.href ? -1 : x.href > y.href ? 1 : 0;
		});
		return order;
	}

	function item(d, root) {
		var li = document.createElement("li"), main = document.createElement("div");
		var a = document.createElement("a"), meta = document.createElement("p");
		li.className = "doc-item";
		main.className = "doc-item-main";
		a.className = "doc-item-title";
		a.href = root + d.href;
		a.textContent = d.title;
		meta.className = "doc-item-meta";
		[["issuer", d.issuer, "span"], ["number", d.number, "span"], ["", d.date, "time"],
		 ["v-date", d.from ? "施行 " + d.from : "", "span"],
		 ["v-date", d.to ? "失效 " + d.to : "", "span"]].forEach(function (f) {
			if (!f[1])
				return;
			var e = document.createElement(f[2]);
			if (f[0])
				e.className = f[0];
			e.textContent = f[1];
			meta.appendChild(e);
		});
		main.appendChild(a);
		main.appendChild(meta);
		li.appendChild(main);
		return li;
	}

	/* Load data/inforce.js (a script, so that file:// works too), then set up. */
	function loadInforce(form) {
		if (window.HUIBIAN_INFORCE) {
			setupInforce(form);
			return;
		}
		var s = document.createElement("script");
		s.src = (form.getAttribute("data-root") || "") + "data/inforce.js";
		s.onload = function () { setupInforce(form); };
		document.head.appendChild(s);
	}

	function setupInforce(form) {
		var data = window.HUIBIAN_INFORCE;
		var list = document.querySelector("[data-v-inforce-list]");
		var summary = document.querySelector("[data-v-inforce-summary]");
		var input = form.elements.date;
		if (!data || !list || !input)
			return;
		var root = form.getAttribute("data-root") || "";
		var order = newestFirst(data.documents);
		function apply() {
			var day = input.value;
			if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
				return;
			var state = [], n = 0, frag = document.createDocumentFragment();
			for (var i = 0; i < data.documents.length; i++)
				inForce(data.documents, state, i, day);
			order.forEach(function (i) {
				if (state[i] === 2) {
					frag.appendChild(item(data.documents[i], root));
					n++;
				}
			});
			list.textContent = "";
			list.appendChild(frag);
			if (summary)
				summary.textContent = day + (day === data.date ? "（本站生成日）" : "") +
					" 有效文件 " + n + " 件，共收录 " + data.documents.length + " 件";
		}
		input.addEventListener("change", apply);
		input.addEventListener("input", apply);
		form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
		form.hidden = false;
	}

	function init() {
		Array.prototype.forEach.call(document.querySelectorAll("form[data-v-filter]"), setupFilter);
		Array.prototype.forEach.call(document.querySelectorAll("form[data-v-inforce]"), loadInforce);
	}
	if (typeof document !== "undefined") {
		if (document.readyState === "loading")
			document.addEventListener("DOMContentLoaded", init);
		else
			init();
	}
	if (typeof module === "object" && module.exports) /* for the tests (node) */
		module.exports = {inForce: inForce, newestFirst: newestFirst};
})();
