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

function storeArgs(dir) {
  return [`-Dvanthu.store=sqlite:${dir}/vanthu.db`];
}

// Starts `vanthu serve` on a free loopback port with the store of dir; resolves with its base
// URL once /livez answers, and a stop function.
export async function startServe(dir) {
  const args = ['serve', ...storeArgs(dir), '-Dvanthu.http.host=127.0.0.1', '-Dvanthu.http.port=0',
    `-Dvanthu.spool=${dir}/spool`, '-Dvanthu.jobs.poll=50', '-Dvanthu.workers=2', `-Dvanthu.audit.file=${dir}/audit.jsonl`];
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
