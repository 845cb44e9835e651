// The review page of `taizhang serve` in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), used as a reviewer uses it:
//   1. start `taizhang serve --port 0` and open its page;
//   2. paste a draft (the clipboard, Ctrl+V) and press 检查;
//   3. check that the highlights cover exactly the characters of each finding, as
//      POST /api/analyze gives them (char offsets = code points), also with 𠮷 before them;
//   4. hover a highlight (tooltip), click an outline entry (selection = the item's text),
//      sort and filter the ledger, download the CSV, open a GBK file;
//   5. fail on any request to an origin other than the page's own, on any console error
//      (a Content-Security-Policy violation is one) and on any uncaught page error;
//   6. save a screenshot of the page.
//
// Usage: node review_page.mjs TAIZHANG_BINARY SAMPLE.txt SCREENSHOT.png [GBK_SAMPLE.txt]
// Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

const [bin, samplePath, screenshotPath, gbkPath] = process.argv.slice(2);
if (!bin || !samplePath || !screenshotPath) {
  console.error("usage: node review_page.mjs TAIZHANG_BINARY SAMPLE.txt SCREENSHOT.png [GBK_SAMPLE.txt]");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

let failures = 0;
let passes = 0;
function check(ok, what, detail) {
  if (ok) {
    passes++;
    console.log("  ok    " + what);
  } else {
    failures++;
    console.log("  FAIL  " + what + (detail ? "\n        " + detail : ""));
  }
}

/** Starts the server on a free port; resolves to {child, url}. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["serve", "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error("taizhang serve exited with " + code)));
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const m = /^taizhang serve: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line.trim());
      if (m) resolve({ child, url: m[1] });
      else reject(new Error("unexpected first line: " + line));
    });
  });
}

/** The reference: the API's answer for a text, asked from here, not from the page. */
async function analyze(url, text) {
  const res = await fetch(url + "api/analyze", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text }),
  });
  if (!res.ok) throw new Error("api/analyze: " + res.status + " " + (await res.text()));
  return res.json();
}

/** In the page: for each finding index, the code-point ranges of the text its highlight
 *  elements cover, and the text of the annotated view. Independent of the page's code: it
 *  walks the DOM's text nodes and counts code points. */
function coveredRanges() {
  const doc = document.getElementById("doc");
  const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
  const byFinding = {};
  const points = {};
  let offset = 0;
  let text = "";
  // Zero-length findings are markers between characters.
  for (const m of doc.querySelectorAll(".point")) {
    let p = 0;
    const w = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (m.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) break;
      p += Array.from(n.data).length;
    }
    for (const i of m.dataset.f.split(" ")) points[i] = p;
  }
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = Array.from(n.data).length;
    text += n.data;
    const hl = n.parentElement.closest("[data-f]");
    if (hl) {
      for (const i of hl.dataset.f.split(" ")) {
        const r = (byFinding[i] = byFinding[i] || []);
        const last = r[r.length - 1];
        if (last && last[1] === offset) last[1] = offset + len;
        else r.push([offset, offset + len]);
      }
    }
    offset += len;
  }
  return { byFinding, points, text };
}

async function pasteAndCheck(page, text) {
  await page.click("#tab-edit");
  await page.fill("#editor", "");
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus("#editor");
  await page.keyboard.press("Control+V");
  let pasted = await page.inputValue("#editor");
  if (pasted !== text) {
    // Some headless builds have no clipboard: type the text in as an input method would.
    console.log("  note  the clipboard paste gave " + pasted.length + " UTF-16 units; inserting the text instead");
    await page.fill("#editor", "");
    await page.focus("#editor");
    await page.keyboard.insertText(text);
    pasted = await page.inputValue("#editor");
  }
  check(pasted === text, "the draft is in the editor");
  const before = await page.textContent("#status");
  await page.click("#check");
  await page.waitForFunction((b) => {
    const s = document.getElementById("status").textContent;
    return s !== b && (s.startsWith("已检查") || s.startsWith("检查失败"));
  }, before);
  return page.textContent("#status");
}

async function compareHighlights(page, url, text, label) {
  const ref = await analyze(url, text);
  const got = await page.evaluate(coveredRanges);
  check(got.text === ref.text, `${label}: the annotated view shows exactly the text the spans index`);
  check(ref.findings.length > 0, `${label}: the API finds something to highlight (${ref.findings.length} findings)`);
  const cps = Array.from(ref.text);
  let exact = 0;
  ref.findings.forEach((f, i) => {
    const { start, end } = f.span;
    if (start === end) {
      const ok = got.points[i] === start;
      check(ok, `${label}: ${f.code} is marked at char ${start}`, `marked at ${got.points[i]}`);
      if (ok) exact++;
      return;
    }
    const ranges = got.byFinding[i] || [];
    const ok = ranges.length === 1 && ranges[0][0] === start && ranges[0][1] === end;
    const shown = ranges.map(([a, b]) => cps.slice(a, b).join("")).join(" | ");
    check(ok, `${label}: ${f.code} highlights chars ${start}..${end} “${f.matched}”`, `highlighted ${JSON.stringify(ranges)} “${shown}”`);
    if (ok) exact++;
  });
  return { ref, exact };
}

const currentTabIs = (selected) => selected === "true";

async function main() {
  const text = readFileSync(samplePath, "utf8");
  const { child, url } = await startServer();
  const origin = new URL(url).origin;
  console.log("server: " + url);
  const profile = mkdtempSync(join(tmpdir(), "taizhang-chromium-"));
  const downloads = mkdtempSync(join(tmpdir(), "taizhang-downloads-"));
  const requests = [];
  const foreign = [];
  const consoleErrors = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1366, height: 768 },
      locale: "zh-CN",
      acceptDownloads: true,
      downloadsPath: downloads,
      permissions: ["clipboard-read", "clipboard-write"],
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--lang=zh-CN",
      ],
    });
    context.on("request", (req) => {
      const u = req.url();
      let o;
      try {
        o = new URL(u).origin; // blob:http://127.0.0.1:N/… has the page's origin
      } catch (_) {
        o = "?";
      }
      const local = u.startsWith("data:") || o === origin;
      requests.push(`${req.method()} ${u.length > 100 ? u.slice(0, 100) + "…" : u}`);
      if (!local) foreign.push(u);
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push("uncaught: " + e.message));
    await page.goto(url);
    check((await page.title()) === "台账 · 草稿审阅", "the page loads");

    // The draft, pasted and checked.
    const status = await pasteAndCheck(page, text);
    check(status.startsWith("已检查"), "检查 answers: " + status);
    check(await page.isVisible("#doc .hl"), "the annotated view shows highlights");
    const { ref } = await compareHighlights(page, url, text, "draft");

    // Tooltip of the first highlight: message and suggestion of its findings.
    const first = page.locator("#doc .hl").first();
    await first.hover();
    const tip = await page.textContent("#tip");
    const firstIds = (await first.getAttribute("data-f")).split(" ").map(Number);
    check(
      (await page.isVisible("#tip")) && firstIds.every((i) => tip.includes(ref.findings[i].message) && tip.includes(ref.findings[i].suggestion)),
      "hovering a highlight shows its messages and suggested fixes",
    );
    // The screenshot: a tooltip below the text, on the last highlight.
    await page.locator("#doc .hl").last().hover();
    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    console.log("  saved " + screenshotPath);
    await page.mouse.move(0, 0);

    // Outline: clicking an entry selects the item's characters in the text.
    const items = [];
    const walk = (list) => list.forEach((it) => { items.push(it); walk(it.children || []); });
    walk(ref.analysis.items);
    const entries = page.locator("#outline a");
    check((await entries.count()) === items.length, `the outline lists the ${items.length} items`);
    const k = Math.min(2, items.length - 1);
    await entries.nth(k).click();
    const selected = await page.evaluate(() => window.getSelection().toString());
    const itemText = Array.from(ref.text).slice(items[k].span.start, items[k].span.end).join("");
    check(selected === itemText, `clicking “${items[k].marker || ""}${items[k].heading}” in the outline selects the item`, JSON.stringify(selected));

    // Findings list: a click selects the finding's characters.
    const fi = ref.findings.findIndex((f) => f.span.end > f.span.start);
    await page.click(`#findings li[data-i="${fi}"]`);
    const selF = await page.evaluate(() => window.getSelection().toString());
    check(selF === ref.findings[fi].matched, "clicking a finding in the list selects its characters", JSON.stringify(selF));

    // Completeness summary.
    const s = ref.analysis.summary;
    const want = s.completeness === null ? "—" : Math.round(s.completeness * 100) + "%";
    check((await page.textContent("#summary .big")).startsWith(want), `the completeness summary says ${want}`);

    // Ledger: one row per commitment; filter by flag; sort by a column.
    await page.click("#tab-ledger");
    const commitments = items.filter((it) => it.kind === "commitment");
    check((await page.locator("#ledger tbody tr").count()) === commitments.length, `the ledger has ${commitments.length} commitment rows`);
    await page.selectOption("#flag-filter", "*");
    const flagged = commitments.filter((it) => it.flags.length);
    check((await page.locator("#ledger tbody tr").count()) === flagged.length, `filtered to flagged items: ${flagged.length} rows`);
    await page.selectOption("#flag-filter", "");
    await page.click('#ledger th[data-key="owner"]');
    const owners = await page.locator("#ledger tbody td:nth-child(3)").allTextContents();
    const filled = owners.filter((o) => o !== "未明确");
    const sorted = [...filled].sort((a, b) => a.localeCompare(b, "zh-Hans-CN"));
    check(
      JSON.stringify(filled) === JSON.stringify(sorted) && owners.slice(filled.length).every((o) => o === "未明确"),
      "sorting by 责任主体 orders the rows (unnamed last)",
      JSON.stringify(owners),
    );
    check((await page.getAttribute('#ledger th[data-key="owner"]', "aria-sort")) === "ascending", "the sorted column says so");

    // CSV download = what the API gives for the same text.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl-csv")]);
    const saved = join(downloads, "ledger.csv");
    await download.saveAs(saved);
    const csvRef = Buffer.from(await (await fetch(url + "api/ledger?format=csv", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text }),
    })).arrayBuffer());
    const csvGot = readFileSync(saved);
    check(csvGot.equals(csvRef) && csvGot.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])),
      `下载 CSV saves the ledger, byte for byte with its BOM (${download.suggestedFilename()})`);

    // The same draft after an astral character: spans are code points, not UTF-16 units.
    const astral = "𠮷\n" + text;
    await pasteAndCheck(page, astral);
    const shifted = await compareHighlights(page, url, astral, "𠮷 + draft");
    check(
      shifted.ref.findings.every((f, i) => f.span.start === ref.findings[i].span.start + 2),
      "with 𠮷 before it, every span moves by two chars (not three UTF-16 units)",
    );

    // A GBK file, opened with the file picker: the server decodes it.
    if (gbkPath) {
      const before = await page.textContent("#status");
      await page.setInputFiles("#file", gbkPath);
      await page.waitForFunction((b) => document.getElementById("status").textContent !== b && !document.getElementById("status").textContent.startsWith("正在"), before);
      const st = await page.textContent("#status");
      check(st.includes("gb18030"), "a GBK file is decoded by the server: " + st);
      const bytes = readFileSync(gbkPath);
      const decoded = new TextDecoder("gb18030").decode(bytes).replace(/\r\n?/g, "\n");
      check((await page.inputValue("#editor")) === decoded, "the editor holds the decoded text");
      const got = await page.evaluate(coveredRanges);
      check(got.text === decoded, "the annotated view shows the decoded text");
    }

    // Dropping a file on the page: the draft as UTF-16 with a byte-order mark.
    {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      const before = await page.textContent("#status");
      const dt = await page.evaluateHandle((bytes) => {
        const d = new DataTransfer();
        d.items.add(new File([new Uint8Array(bytes)], "草稿-utf16.txt", { type: "text/plain" }));
        return d;
      }, [...utf16]);
      await page.dispatchEvent("body", "dragenter", { dataTransfer: dt });
      check(await page.isVisible("#drop"), "dragging a file over the page shows the drop zone");
      await page.dispatchEvent("body", "drop", { dataTransfer: dt });
      await page.waitForFunction((b) => {
        const s = document.getElementById("status").textContent;
        return s !== b && !s.startsWith("正在");
      }, before);
      const st = await page.textContent("#status");
      check(st.includes("草稿-utf16.txt") && st.includes("UTF-16LE"), "a dropped UTF-16 file is decoded by the server: " + st);
      const got = await page.evaluate(coveredRanges);
      check(got.text === text, "the dropped file shows the draft's text");
    }

    // A format taizhang cannot read: a clear message in Chinese, and the page goes on.
    {
      const errorsBefore = consoleErrors.length;
      const before = await page.textContent("#status");
      await page.setInputFiles("#file", { name: "旧稿.doc", mimeType: "application/msword", buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) });
      await page.waitForFunction((b) => {
        const s = document.getElementById("status").textContent;
        return s !== b && !s.startsWith("正在");
      }, before);
      const st = await page.textContent("#status");
      check(st.startsWith("检查失败：不支持这种格式") && st.includes("旧稿.doc"), "a .doc file is refused with a clear message: " + st);
      check(await page.isVisible("#doc .hl"), "the last result stays on screen");
      // Chromium logs the refused request itself as a console error: that one is expected.
      const logged = consoleErrors.splice(errorsBefore);
      check(logged.length === 1 && /status of 415/.test(logged[0]), "the refusal is the only thing logged", logged.join(" | "));
    }

    // Live checking: typing in the editor re-checks after a pause, staying in the editor.
    {
      await page.click("#tab-edit");
      await page.check("#live");
      const before = await page.textContent("#status");
      const added = "\n我们要尽快完成整改。";
      await page.focus("#editor");
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText(added);
      await page.waitForFunction((b) => document.getElementById("status").textContent !== b, before, { timeout: 10000 });
      const live = await analyze(url, text + added);
      const shownCount = await page.locator("#findings li[data-i]").count();
      check(shownCount === live.findings.length && currentTabIs(await page.getAttribute("#tab-edit", "aria-selected")),
        `typing re-checks live (${live.findings.length} findings) and stays in the editor`);
    }

    console.log("requests (" + requests.length + "):");
    for (const r of requests) console.log("  " + r);
    check(foreign.length === 0, "no request left the page's origin " + origin, foreign.join("\n        "));
    check(consoleErrors.length === 0, "no console error, CSP violation or uncaught error", consoleErrors.join("\n        "));
  } finally {
    if (context) await context.close();
    child.removeAllListeners("exit");
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(profile, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  }
  console.log(`browser test: ${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error("browser test: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
