// taizhang serve: drawing the answer — the annotated text, the outline, the ledger table, the
// summary, the findings and the tooltip. Loaded after page.js (both deferred, in order) and
// sharing its globals (RULES, state, $, el…). Offsets as page.js says: code points, through
// `state.cps` and `state.u16`, never a raw string index.
"use strict";
// ---------------------------------------------------------------- rendering

function show(r) {
  state.result = r;
  state.cps = Array.from(r.text);
  state.u16 = utf16Table(state.cps);
  $("source").textContent = `${r.source} · ${r.encoding}`;
  for (const id of ["tab-view", "tab-ledger", "dl-csv", "dl-xlsx", "dl-json"]) $(id).disabled = false;
  renderLegend();
  renderDoc();
  renderOutline();
  renderLedger();
  renderSummary();
  renderFindings();
}

function visibleFindings() {
  const r = state.result;
  return r ? r.findings.map((f, i) => ({ f, i })).filter(({ f }) => !state.hidden.has(f.code)) : [];
}

function renderLegend() {
  const box = $("legend");
  box.replaceChildren();
  const counts = {};
  for (const f of state.result.findings) counts[f.code] = (counts[f.code] || 0) + 1;
  const codes = Object.keys(counts).sort((a, b) => Object.keys(RULES).indexOf(a) - Object.keys(RULES).indexOf(b));
  for (const [key, label, tip] of [
    ["owner", "责任主体", "识别到的责任主体（蓝色虚线）"],
    ["limit", "时限", "识别到的完成时限（绿色下划线；模糊时限为紫色波浪线）"],
  ]) {
    const b = el("button", "chip mark-" + key, label);
    b.type = "button";
    b.title = tip + "（点击显示或隐藏）";
    b.classList.toggle("off", state.hidden.has(key));
    b.addEventListener("click", () => {
      if (state.hidden.has(key)) state.hidden.delete(key);
      else state.hidden.add(key);
      renderLegend();
      renderDoc();
    });
    box.append(b);
  }
  box.append(el("span", "sep"));
  if (!codes.length) {
    box.append(el("span", "muted", "未发现问题。"));
    return;
  }
  for (const code of codes) {
    const b = el("button", "chip " + ruleClass(code), `${ruleName(code)} ${counts[code]}`);
    b.type = "button";
    b.title = (state.descriptions[code] || code) + "（点击显示或隐藏这一类标注）";
    b.classList.toggle("off", state.hidden.has(code));
    b.addEventListener("click", () => {
      if (state.hidden.has(code)) state.hidden.delete(code);
      else state.hidden.add(code);
      renderLegend();
      renderDoc();
    });
    box.append(b);
  }
}

/** The text with each finding's characters wrapped: one element per run of characters
 *  covered by the same findings, `data-f` listing them, coloured by the innermost. */
function renderDoc() {
  const r = state.result;
  const cps = state.cps;
  const n = cps.length;
  const clamp = (x) => Math.max(0, Math.min(n, x | 0));
  const shown = visibleFindings().map(({ f, i }) => ({ f, i, start: clamp(f.span.start), end: clamp(f.span.end) }));
  const cuts = new Set([0, n]);
  for (const s of shown) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const anchors = new Map();
  for (const it of flatItems(r.analysis.items)) {
    const p = clamp(it.span.start);
    cuts.add(p);
    if (!anchors.has(p)) anchors.set(p, it.id);
  }
  // What the analysis recognised: owners and time limits, underlined.
  const marks = [];
  if (!state.hidden.has("owner") || !state.hidden.has("limit")) {
    for (const it of flatItems(r.analysis.items)) {
      if (!state.hidden.has("owner")) {
        for (const o of it.owners || []) marks.push({ kind: "owner", start: clamp(o.span.start), end: clamp(o.span.end), label: ownerLabel(o) });
      }
      if (!state.hidden.has("limit")) {
        for (const d of it.deadlines || []) marks.push({ kind: d.kind === "vague" ? "limit vague" : "limit", start: clamp(d.span.start), end: clamp(d.span.end), label: limitLabel(d) });
      }
    }
  }
  for (const m of marks) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = new Map();
  for (const s of shown) {
    if (s.start === s.end) {
      if (!points.has(s.start)) points.set(s.start, []);
      points.get(s.start).push(s);
    }
  }
  const ranged = shown.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const marked = marks.filter((m) => m.end > m.start).sort((a, b) => a.start - b.start);
  let on = [];
  let nextMark = 0;
  const bounds = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  const segs = [];
  let active = [];
  let next = 0;
  for (let k = 0; k < bounds.length; k++) {
    const a = bounds[k];
    if (anchors.has(a)) {
      const anchor = el("span", "anchor");
      anchor.dataset.item = anchors.get(a);
      frag.append(anchor);
    }
    for (const s of points.get(a) || []) {
      const m = el("span", "point " + ruleClass(s.f.code));
      m.dataset.f = String(s.i);
      frag.append(m);
    }
    if (k === bounds.length - 1) break;
    const b = bounds[k + 1];
    active = active.filter((s) => s.end > a);
    while (next < ranged.length && ranged[next].start <= a) {
      if (ranged[next].end > a) active.push(ranged[next]);
      next++;
    }
    const node = document.createTextNode(cps.slice(a, b).join(""));
    segs.push({ start: a, end: b, node });
    // Both sweeps: the findings and the marks covering [a, b) (every start and end is a cut).
    on = on.filter((m) => m.end > a);
    while (nextMark < marked.length && marked[nextMark].start <= a) {
      if (marked[nextMark].end > a) on.push(marked[nextMark]);
      nextMark++;
    }
    if (!active.length) {
      if (on.length) {
        const span = el("span", on.map((m) => m.kind).join(" "));
        span.dataset.m = on.map((m) => m.label).join("\n");
        span.append(node);
        frag.append(span);
      } else {
        frag.append(node);
      }
      continue;
    }
    const bySize = [...active].sort((x, y) => (x.end - x.start) - (y.end - y.start) || x.i - y.i);
    const inner = bySize[0].f.code;
    const outer = bySize[bySize.length - 1].f.code;
    const span = el("span", "hl " + ruleClass(inner));
    for (const m of on) span.classList.add(...m.kind.split(" "));
    if (on.length) span.dataset.m = on.map((m) => m.label).join("\n");
    if (bySize.some((s) => s.f.code !== inner)) {
      span.classList.add("multi");
      const second = bySize.find((s) => s.f.code !== inner).f.code;
      span.style.setProperty("--hl-s2", KNOWN.has(second) ? `var(--${second}-s)` : "var(--other-s)");
    }
    span.dataset.f = bySize.map((s) => s.i).join(" ");
    span.dataset.outer = outer;
    span.append(node);
    frag.append(span);
  }
  const doc = $("doc");
  doc.replaceChildren(frag);
  state.segs = segs;
  state.nodeStart = new Map(segs.map((s) => [s.node, s.start]));
}

/** The DOM position of code point `p` of the text. */
function domAt(p) {
  const segs = state.segs;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].start <= p) lo = mid;
    else hi = mid - 1;
  }
  const s = segs[lo];
  if (!s) return null;
  const q = Math.max(s.start, Math.min(p, s.end));
  return { node: s.node, offset: state.u16[q] - state.u16[s.start] };
}

/** Selects code points [start, end) of the annotated text and scrolls to them. */
function revealRange(start, end) {
  const a = domAt(start);
  const b = domAt(Math.max(start, end));
  if (!a || !b) return;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  const target = a.node.parentElement === $("doc") ? a.node.previousSibling || a.node.nextSibling || $("doc") : a.node.parentElement;
  if (target && target.scrollIntoView) target.scrollIntoView({ block: "center", behavior: "smooth" });
  else range.startContainer.parentElement.scrollIntoView({ block: "center" });
}

/** Selects code points [start, end) in the editor (its text must be the checked one). */
function revealInEditor(start, end) {
  const ed = $("editor");
  ed.focus();
  ed.setSelectionRange(state.u16[start] || 0, state.u16[end] || 0);
  // Scroll the selection into view: approximate by the share of lines above it.
  const before = ed.value.slice(0, state.u16[start] || 0).split("\n").length - 1;
  const lines = ed.value.split("\n").length;
  ed.scrollTop = Math.max(0, (before / Math.max(1, lines)) * ed.scrollHeight - ed.clientHeight / 3);
}

function goTo(start, end, findingIndex) {
  const r = state.result;
  if (!r) return;
  if (currentTab() === "edit" && $("editor").value === r.text) {
    revealInEditor(start, end);
  } else {
    selectTab("view");
    revealRange(start, end);
    if (findingIndex !== undefined) flashFinding(findingIndex);
  }
}

function flashFinding(i) {
  for (const e of $("doc").querySelectorAll("[data-f]")) {
    if (e.dataset.f.split(" ").includes(String(i))) {
      e.classList.remove("flash");
      void e.offsetWidth;
      e.classList.add("flash");
    }
  }
}

const OWNER_CLASS = { unit: "单位", person: "个人", role: "职务", collective: "泛指" };

function ownerLabel(o) {
  const cls = OWNER_CLASS[o.class] ? "，" + OWNER_CLASS[o.class] : "";
  const who = o.resolved && o.resolved !== o.text ? `，即${o.resolved}` : "";
  return `责任主体：${o.text}${who}${cls}${o.inherited ? "，承接上文" : ""}`;
}

function limitLabel(d) {
  const due = d.due ? `，截止 ${d.due}` : "";
  return `时限：${d.text}（${DEADLINE_KIND[d.kind] || d.kind}${due}）`;
}

function flatItems(items, out = []) {
  for (const it of items) {
    out.push(it);
    flatItems(it.children || [], out);
  }
  return out;
}

function truncate(s, n) {
  const cps = Array.from(s || "");
  return cps.length > n ? cps.slice(0, n).join("") + "…" : cps.join("");
}

function renderOutline() {
  const box = $("outline");
  const items = state.result.analysis.items;
  if (!items.length) {
    box.replaceChildren(el("p", "empty", "没有找到编号条目或承诺语句。"));
    return;
  }
  const build = (list) => {
    const ul = el("ul");
    for (const it of list) {
      const li = el("li");
      const a = el("a");
      a.tabIndex = 0;
      a.title = truncate(it.text, 200);
      if (it.marker) a.append(el("span", "marker", it.marker));
      a.append(document.createTextNode(truncate(it.heading || it.text, 22)));
      if (it.kind !== "commitment") a.append(el("span", "kind", " · " + (KIND[it.kind] || it.kind)));
      if (it.flags && it.flags.length) {
        const d = el("span", "dot", String(it.flags.length));
        d.title = it.flags.map((f) => ruleName(f.code)).join("、");
        a.append(d);
      }
      const go = () => goTo(it.span.start, it.span.end);
      a.addEventListener("click", go);
      a.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
      li.append(a);
      if (it.children && it.children.length) li.append(build(it.children));
      ul.append(li);
    }
    return ul;
  };
  box.replaceChildren(build(items));
}

function ownerText(it) {
  return (it.owners || [])
    .map((o) => (o.resolved && o.resolved !== o.text ? `${o.text}（${o.resolved}）` : o.text))
    .join("、");
}

function limitText(it) {
  const ds = it.deadlines && it.deadlines.length ? it.deadlines : it.deadline ? [it.deadline] : [];
  return ds.map((d) => d.text).join("、");
}

function naturalId(a, b) {
  const x = String(a).split(".").map(Number);
  const y = String(b).split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

function renderLedger() {
  const r = state.result;
  const all = flatItems(r.analysis.items);
  const sel = $("flag-filter");
  const keep = sel.value;
  const codes = [...new Set(all.flatMap((it) => (it.flags || []).map((f) => f.code)))];
  sel.replaceChildren(
    new Option("全部事项", ""),
    new Option("有标记的", "*"),
    new Option("无标记的", "-"),
    ...codes.map((c) => new Option("标记：" + ruleName(c), c)),
  );
  sel.value = [...sel.options].some((o) => o.value === keep) ? keep : "";
  const filter = sel.value;
  const onlyCommitments = $("only-commitments").checked;
  const rows = all
    .filter((it) => !onlyCommitments || it.kind === "commitment")
    .filter((it) => {
      const fl = (it.flags || []).map((f) => f.code);
      if (filter === "*") return fl.length > 0;
      if (filter === "-") return fl.length === 0;
      if (filter) return fl.includes(filter);
      return true;
    })
    .map((it) => ({
      it,
      id: it.id,
      task: (it.marker || "") + (it.heading || it.text),
      owner: ownerText(it),
      limit: limitText(it),
      due: (it.deadline && it.deadline.due) || "",
      flags: (it.flags || []).map((f) => ruleName(f.code)).join("、"),
    }));
  const { key, dir } = state.sort;
  rows.sort((a, b) => {
    if (key === "id") return dir * naturalId(a.id, b.id);
    const x = a[key];
    const y = b[key];
    if (!x && y) return 1; // empty cells last, whichever the direction
    if (x && !y) return -1;
    return dir * x.localeCompare(y, "zh-Hans-CN") || naturalId(a.id, b.id);
  });
  for (const th of document.querySelectorAll("#ledger th")) {
    th.setAttribute("aria-sort", th.dataset.key === key ? (dir > 0 ? "ascending" : "descending") : "none");
  }
  const body = document.querySelector("#ledger tbody");
  body.replaceChildren();
  for (const row of rows) {
    const it = row.it;
    const tr = el("tr", it.kind === "commitment" ? "" : "other");
    tr.dataset.item = it.id;
    tr.append(el("td", "id", it.id));
    const task = el("td", "task", truncate(row.task, 80));
    task.title = truncate(it.text, 400);
    tr.append(task);
    const need = it.kind === "commitment";
    tr.append(el("td", row.owner ? "" : need ? "none" : "", row.owner || (need ? "未明确" : "")));
    const lim = el("td", row.limit ? "" : need ? "none" : "", row.limit || (need ? "未明确" : ""));
    if (it.deadline) lim.title = DEADLINE_KIND[it.deadline.kind] || it.deadline.kind;
    tr.append(lim);
    const due = el("td", "", row.due);
    if (it.deadline && !it.deadline.due && it.deadline.due_note) due.title = it.deadline.due_note;
    tr.append(due);
    const flags = el("td");
    for (const f of it.flags || []) {
      const c = el("span", "chip " + ruleClass(f.code), ruleName(f.code));
      c.title = f.message;
      flags.append(c);
    }
    tr.append(flags);
    tr.addEventListener("click", () => goTo(it.span.start, it.span.end));
    body.append(tr);
  }
  $("ledger-count").textContent = `共 ${rows.length} 项`;
}

function renderSummary() {
  const r = state.result;
  const s = r.analysis.summary;
  const box = $("summary");
  box.replaceChildren(el("h2", "", "完整度"));
  const big = el("p", "big");
  if (s.completeness === null || s.completeness === undefined) {
    big.textContent = "—";
    big.append(el("small", "", "未发现承诺事项"));
  } else {
    big.textContent = Math.round(s.completeness * 100) + "%";
    big.append(el("small", "", `${s.complete} / ${s.commitments} 项承诺有明确责任主体和时限`));
  }
  box.append(big);
  if (s.completeness !== null && s.completeness !== undefined) {
    const meter = el("div", "bar-meter");
    const fill = el("div");
    fill.style.width = Math.round(s.completeness * 100) + "%";
    meter.append(fill);
    box.append(meter);
  }
  const dl = el("dl", "facts");
  const fact = (k, v) => dl.append(el("dt", "", k), el("dd", "", String(v)));
  fact("条目", s.items);
  fact("承诺事项", s.commitments);
  fact("有明确责任主体", s.with_owner);
  fact("有明确时限", s.with_deadline);
  fact("两者齐全", s.complete);
  fact("问题", r.findings.length);
  if (r.analysis.doc_date) fact("文件日期", r.analysis.doc_date);
  if (r.analysis.reference_date) fact("时限起算日", r.analysis.reference_date);
  box.append(dl);
}

function renderFindings() {
  const r = state.result;
  const list = $("findings");
  list.replaceChildren();
  $("finding-count").textContent = r.findings.length ? `（${r.findings.length}）` : "";
  if (!r.findings.length) {
    list.append(el("li", "empty", "未发现问题。"));
    return;
  }
  r.findings.forEach((f, i) => {
    const li = el("li", ruleClass(f.code));
    li.dataset.i = String(i);
    li.append(el("span", "where", `第${f.line}行第${f.column}列`));
    li.append(el("span", "chip " + ruleClass(f.code), `${ruleName(f.code)} · ${SEVERITY[f.severity] || f.severity}`));
    const msg = el("div", "", f.message);
    li.append(msg);
    if (f.matched) {
      const m = el("div");
      m.append("原文：", el("span", "matched", truncate(f.matched, 40)));
      li.append(m);
    }
    li.append(el("div", "fix", "建议：" + f.suggestion));
    li.addEventListener("click", () => {
      markActive([i]);
      goTo(f.span.start, f.span.end, i);
    });
    list.append(li);
  });
}

function markActive(indices) {
  const set = new Set(indices.map(String));
  let first = null;
  for (const li of $("findings").children) {
    const on = set.has(li.dataset.i);
    li.classList.toggle("active", on);
    if (on && !first) first = li;
  }
  for (const e of $("doc").querySelectorAll(".hl")) {
    e.classList.toggle("active", e.dataset.f.split(" ").some((x) => set.has(x)));
  }
  return first;
}

// ---------------------------------------------------------------- tooltip

function showTip(target, x, y) {
  const r = state.result;
  if (!r || !(target.dataset.f || target.dataset.m)) return;
  const tip = $("tip");
  tip.replaceChildren();
  for (const i of (target.dataset.f || "").split(" ").filter(Boolean)) {
    const f = r.findings[Number(i)];
    if (!f) continue;
    const d = el("div");
    d.append(el("div", "t", `${ruleName(f.code)}（${SEVERITY[f.severity] || f.severity}）`));
    d.append(el("div", "", f.message));
    d.append(el("div", "fix", "建议：" + f.suggestion));
    tip.append(d);
  }
  if (target.dataset.m) {
    const d = el("div", "marks");
    for (const line of target.dataset.m.split("\n")) d.append(el("div", "", line));
    tip.append(d);
  }
  tip.hidden = false;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  tip.style.left = Math.max(8, Math.min(x + 12, window.innerWidth - w - 8)) + "px";
  tip.style.top = (y + 18 + h > window.innerHeight ? Math.max(8, y - h - 12) : y + 18) + "px";
}
