// taizhang serve: the review page. Talks only to this server (/api/analyze, /api/ledger).
//
// Offsets: the API gives char offsets in Unicode code points (what Rust's `char` counts);
// JavaScript strings index UTF-16 code units, where a character outside the BMP (𠮷) takes
// two. Every slice of the text here goes through `Array.from` (code points) or the
// code-point → UTF-16 table `u16`, never through a raw string index.
"use strict";

const RULES = {
  "missing-owner": "缺少责任主体",
  "vague-owner": "责任主体泛指",
  "missing-deadline": "缺少完成时限",
  "vague-deadline": "时限模糊",
  "empty-pledge": "空泛表态",
  "numbering-gap": "序号跳号",
  "numbering-repeat": "序号重复",
  "count-mismatch": "数目不符",
  "mixed-style": "序号样式混用",
};
const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const KIND = { commitment: "承诺事项", problem: "问题", other: "其他" };
const DEADLINE_KIND = { date: "具体日期", relative: "期限", immediate: "立即", ongoing: "长期", vague: "模糊" };
const KNOWN = new Set(Object.keys(RULES));

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
};
const ruleName = (code) => RULES[code] || code;
const ruleClass = (code) => (KNOWN.has(code) ? "r-" + code : "r-other");

const state = {
  result: null,      // the last answer of /api/analyze
  cps: [],           // its text as code points
  u16: [0],          // u16[i]: UTF-16 offset of code point i (length n + 1)
  segs: [],          // rendered text nodes: {start, end, node} in code points
  nodeStart: new Map(),
  hidden: new Set(), // rule codes switched off in the legend ("owner", "limit": the marks)
  seq: 0,            // request counter: answers to older requests are dropped
  lastBody: null,    // what the last check posted, for the downloads
  sort: { key: "id", dir: 1 },
  descriptions: {},
  maxSize: Infinity, // the server's --max-size, from /api/info
};

// ---------------------------------------------------------------- offsets

/** The UTF-16 offset of each code point of `cps`, plus the end. */
function utf16Table(cps) {
  const t = new Array(cps.length + 1);
  let u = 0;
  for (let i = 0; i < cps.length; i++) {
    t[i] = u;
    u += cps[i].length;
  }
  t[cps.length] = u;
  return t;
}

/** Code points in the UTF-16 prefix `s.slice(0, units)`. */
function codePointsIn(s, units) {
  return Array.from(s.slice(0, units)).length;
}

// ---------------------------------------------------------------- requests

function setStatus(msg, isError) {
  const s = $("status");
  s.textContent = msg;
  s.classList.toggle("error", !!isError);
}

/** What went wrong, in Chinese, by the `kind` of the server's JSON error. */
const ERROR_KIND = {
  "too-large": "文本或文件超过服务器的大小上限",
  unreadable: "无法读取这段文本或这个文件",
  unsupported: "不支持这种格式：.doc、.wps、.pdf 等请先另存为 .docx 或 .txt",
  timeout: "分析超时",
  busy: "服务器正忙，请稍后重试",
  "slow-upload": "上传超时",
  "bad-request": "请求有误",
  internal: "服务器内部错误（请报告这个问题）",
};

async function post(url, body, headers) {
  let res;
  try {
    res = await fetch(url, { method: "POST", body, headers });
  } catch (e) {
    throw new Error("连不上 taizhang serve（它还在运行吗？）");
  }
  if (!res.ok) {
    let msg = res.status + " " + res.statusText;
    try {
      const j = await res.json();
      if (j && j.error) msg = ERROR_KIND[j.kind] ? `${ERROR_KIND[j.kind]}（${j.error}）` : j.error;
    } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  return res;
}

function dateValue() {
  return $("date").value || undefined;
}

/** Checks the editor's text. `live`: typed, keep the editor tab. */
async function checkText(live) {
  const text = $("editor").value;
  if (!text.trim()) {
    setStatus("没有可检查的文本：请粘贴文本或拖入文件。", true);
    return;
  }
  const size = new Blob([text]).size;
  if (size > state.maxSize) {
    setStatus(`文本有 ${size} 字节，超过服务器的上限 ${state.maxSize} 字节（启动时用 --max-size 调整）。`, true);
    return;
  }
  const name = state.result && state.result.source !== "粘贴的文本" ? state.result.source : undefined;
  const body = { text, date: dateValue(), name };
  state.lastBody = { kind: "text", body };
  await run(() => post("/api/analyze", JSON.stringify(body), { "Content-Type": "application/json" }), live, text);
}

/** Uploads a file's bytes: the server decodes them (GBK, UTF-16, .docx…). */
async function checkFile(file) {
  if (file.size > state.maxSize) {
    setStatus(`${file.name} 有 ${file.size} 字节，超过服务器的上限 ${state.maxSize} 字节（启动时用 --max-size 调整）。`, true);
    return;
  }
  const q = new URLSearchParams({ name: file.name });
  if (dateValue()) q.set("date", dateValue());
  state.lastBody = { kind: "file", file, query: q.toString() };
  setStatus("正在读取 " + file.name + " …");
  await run(() => post("/api/analyze?" + q, file, { "Content-Type": "application/octet-stream" }), false, null);
}

async function run(send, live, sentText) {
  const seq = ++state.seq;
  const t0 = performance.now();
  if (!live) setStatus("正在检查…");
  try {
    const res = await send();
    const r = await res.json();
    if (seq !== state.seq) return;
    const editor = $("editor");
    // Show the text the spans index: the decoded file, or the text as the server
    // normalised it — unless the user has typed on since.
    if (sentText === null || (editor.value === sentText && r.text !== sentText)) editor.value = r.text;
    show(r);
    const n = r.findings.length;
    setStatus(`已检查 ${r.source}（${r.encoding}，${state.cps.length} 字）：${n ? n + " 处问题" : "未发现问题"}，用时 ${((performance.now() - t0) / 1000).toFixed(2)} 秒。`);
    if (!live) selectTab("view");
  } catch (e) {
    if (seq !== state.seq) return;
    setStatus("检查失败：" + e.message, true);
  }
}

async function download(format) {
  const last = state.lastBody;
  if (!last) return;
  try {
    let res;
    if (last.kind === "file") {
      res = await post(`/api/ledger?format=${format}&${last.query}`, last.file, { "Content-Type": "application/octet-stream" });
    } else {
      res = await post(`/api/ledger?format=${format}`, JSON.stringify(last.body), { "Content-Type": "application/json" });
    }
    const blob = await res.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = fileNameOf(res.headers.get("Content-Disposition")) || "taizhang." + format;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    setStatus("下载失败：" + e.message, true);
  }
}

function fileNameOf(disposition) {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch (_) {
    return null;
  }
}

// ---------------------------------------------------------------- tabs and events

function currentTab() {
  const t = document.querySelector('.tabs [aria-selected="true"]');
  return t ? t.dataset.tab : "edit";
}

function selectTab(name) {
  for (const b of document.querySelectorAll(".tabs [data-tab]")) {
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  }
  for (const p of ["edit", "view", "ledger"]) $("panel-" + p).hidden = p !== name;
}

function init() {
  fetch("/api/rules")
    .then((r) => r.json())
    .then((list) => { for (const r of list) state.descriptions[r.code] = r.description; })
    .catch(() => {});
  fetch("/api/info")
    .then((r) => r.json())
    .then((info) => { if (info.max_size) state.maxSize = info.max_size; })
    .catch(() => {});

  $("check").addEventListener("click", () => checkText(false));
  $("editor").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      checkText(false);
    }
  });
  let timer = null;
  $("editor").addEventListener("input", () => {
    if (!$("live").checked) return;
    clearTimeout(timer);
    timer = setTimeout(() => checkText(true), 800);
  });
  $("file").addEventListener("change", (e) => {
    const f = e.target.files && e.target.files[0];
    if (f) checkFile(f);
    e.target.value = "";
  });
  $("dl-csv").addEventListener("click", () => download("csv"));
  $("dl-xlsx").addEventListener("click", () => download("xlsx"));
  $("dl-json").addEventListener("click", () => download("json"));
  for (const b of document.querySelectorAll(".tabs [data-tab]")) {
    b.addEventListener("click", () => selectTab(b.dataset.tab));
  }
  $("flag-filter").addEventListener("change", renderLedger);
  $("only-commitments").addEventListener("change", renderLedger);
  for (const th of document.querySelectorAll("#ledger th")) {
    th.addEventListener("click", () => {
      const key = th.dataset.key;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      renderLedger();
    });
  }

  const doc = $("doc");
  doc.addEventListener("mousemove", (e) => {
    const t = e.target.closest("[data-f], [data-m]");
    if (t) showTip(t, e.clientX, e.clientY);
    else $("tip").hidden = true;
  });
  doc.addEventListener("mouseleave", () => { $("tip").hidden = true; });
  doc.addEventListener("click", (e) => {
    const t = e.target.closest("[data-f]");
    if (!t) return;
    const li = markActive(t.dataset.f.split(" "));
    if (li) li.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });
  doc.addEventListener("dblclick", (e) => {
    // Back to the editor at the same character.
    const pos = document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
    if (!pos || !state.nodeStart.has(pos.startContainer)) return;
    const p = state.nodeStart.get(pos.startContainer) + codePointsIn(pos.startContainer.data, pos.startOffset);
    selectTab("edit");
    if ($("editor").value === state.result.text) revealInEditor(p, p);
  });

  // Drop a file anywhere on the page.
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  window.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    $("drop").hidden = false;
  });
  window.addEventListener("dragover", (e) => { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) $("drop").hidden = true;
  });
  window.addEventListener("drop", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    $("drop").hidden = true;
    const f = e.dataTransfer.files[0];
    if (f) checkFile(f);
  });
}

document.addEventListener("DOMContentLoaded", init);
