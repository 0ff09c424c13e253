// What the browser tests stand on: a real `vanthu serve` on loopback with its own store and
// users, Debian's chromium driven by playwright-core, and the tools that read a PDF back.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vanthu = process.env.VANTHU_BIN ?? path.join(sourceDir, 'build/vanthu');
export const chromiumPath = process.env.VANTHU_CHROMIUM ?? '/usr/bin/chromium';

// Loads playwright-core from tests/web/node_modules, with a clear message when it is missing.
export async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed: run `npm ci --prefix tests/web` (.ci/install-deps does)');
  }
}

// A fresh folder for one test run, removed at exit unless VANTHU_KEEP is set.
export function scratch(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vanthu-web-${name}-`));
  process.on('exit', () => { if (!process.env.VANTHU_KEEP) fs.rmSync(dir, { recursive: true, force: true }); });
  return dir;
}

// Adds a user of the web page to the store of dir.
export function addUser(dir, name, unit, password) {
  execFileSync(vanthu, ['user', 'add', name, '--role', 'clerk', '--unit', unit, ...storeArgs(dir)], { input: `${password}\n` });
}

export function storeArgs(dir) {
  return [`-Dvanthu.store=sqlite:${dir}/vanthu.db`];
}

// Starts `vanthu serve` on a free loopback port with the store of dir (and any more -D
// settings); resolves with its base URL once /livez answers, and a stop function.
export async function startServe(dir, more = []) {
  const args = ['serve', ...storeArgs(dir), '-Dvanthu.http.host=127.0.0.1', '-Dvanthu.http.port=0',
    // A lease of 900 ms is renewed every 300 ms, each renewal recording the pages done: a batch
    // of a few seconds shows its progress moving (the default renews once a second).
    `-Dvanthu.spool=${dir}/spool`, '-Dvanthu.jobs.poll=50', '-Dvanthu.jobs.lease=900', '-Dvanthu.workers=2', `-Dvanthu.audit.file=${dir}/audit.jsonl`, ...more];
  const child = spawn(vanthu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vanthu serve did not start in 20 s:\n${log}`)), 20000);
    const read = (chunk) => {
      log += chunk;
      const m = /listening on [^:\s"]+:(\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(+m[1]); }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`vanthu serve exited (${code}):\n${log}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/livez`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) { resolve(); return; }
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
  return { base, stop, log: () => log };
}

// The text pdftotext -raw reads out of a PDF.
export function pdfText(file) {
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

// The page count pdfinfo reads.
export function pdfPages(file) {
  return +/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1];
}

// The record of a sample as a tree the test can walk: {tag, attrs, children, inline} where
// inline is [{text, b, i, u}] for values (read with the page's own DOMParser).
export async function readSampleTree(page, file) {
  const xml = fs.readFileSync(file, 'utf8');
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const inline = (el, marks, out) => {
      for (const n of el.childNodes) {
        if (n.nodeType === 3) out.push({ text: n.data, ...marks });
        else if (n.nodeType === 1) inline(n, { ...marks, [n.localName]: true }, out);
      }
      return out;
    };
    const walk = (el) => ({
      tag: el.localName,
      attrs: Object.fromEntries(Array.from(el.attributes, (a) => [a.name, a.value])),
      children: Array.from(el.children, walk),
      inline: inline(el, {}, []),
    });
    return walk(doc.documentElement);
  }, xml);
}

// Writes a workbook of one sheet (rows of strings, the first the header) with the zip program:
// the parts an XLSX needs and nothing else, the cells as inline strings.
export function writeXlsx(file, sheetName, rows) {
  const dirOf = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-xlsx-'));
  const put = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(dirOf, name)), { recursive: true });
    fs.writeFileSync(path.join(dirOf, name), text);
  };
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const col = (i) => (i >= 26 ? String.fromCharCode(64 + Math.floor(i / 26)) : '') + String.fromCharCode(65 + (i % 26));
  put('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  put('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  put('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  put('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  const body = rows.map((r, i) => `<row r="${i + 1}">` + r.map((v, j) =>
    `<c r="${col(j)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('') + '</row>').join('');
  put('xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<sheetData>${body}</sheetData></worksheet>`);
  fs.rmSync(file, { force: true });
  execFileSync('zip', ['-q', '-X', '-r', path.resolve(file), '.'], { cwd: dirOf });
  fs.rmSync(dirOf, { recursive: true, force: true });
}

// The WCAG 2.1 level A rules of axe-core (labels, names, roles, keyboard traps) on the page.
export async function accessibilityProblems(page) {
  await page.addScriptTag({ path: path.join(sourceDir, 'tests/web/node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag21a'] } }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
