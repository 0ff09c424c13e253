// The public verification page in a real browser: a certificate rendered and registered by
// `vanthu render --register`, its QR code read back with zbarimg, the page it leads to opened
// in chromium on a desktop and a phone, as whoever holds the paper sees it. Screenshots go to
// VANTHU_SCREENSHOTS (default build/web-screenshots).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  accessibilityProblems, chromiumPath, loadPlaywright, scratch, sourceDir, startServe, storeArgs, vanthu,
} from './harness.mjs';

const shots = process.env.VANTHU_SCREENSHOTS ?? path.join(sourceDir, 'build/web-screenshots');
const sample = path.join(sourceDir, 'samples/certification-2022-12-20-merit-advanced-units.xml');
const publicUrl = 'https://vanban.congan.haiphong.gov.vn';

let dir, serve, browser, codes;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  dir = scratch('verify');
  fs.writeFileSync(path.join(dir, 'verify.key'), Buffer.alloc(48, 7));
  execFileSync(vanthu, ['render', '--register', '--verify-key', path.join(dir, 'verify.key'), '--public-url', publicUrl,
    ...storeArgs(dir), '-o', path.join(dir, 'merit.pdf'), sample], { stdio: 'pipe' });
  // The QR codes of the first two certificates, as a phone would read them off the paper.
  codes = [1, 2].map((page) => {
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', '-f', `${page}`, '-l', `${page}`,
      path.join(dir, 'merit.pdf'), path.join(dir, `p${page}`)]);
    const scanned = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, `p${page}.png`)], { encoding: 'utf8' }).trim();
    assert.match(scanned, /^https:\/\/vanban\.congan\.haiphong\.gov\.vn\/verify\/[A-Za-z0-9_-]{16}$/);
    return scanned.slice(publicUrl.length);
  });
  execFileSync(vanthu, ['revoke', 'gk-dien-hinh-tien-tien-pccc-2022', 'gk-0002', ...storeArgs(dir)], { stdio: 'pipe' });
  serve = await startServe(dir, [`-Dvanthu.verify.key_file=${path.join(dir, 'verify.key')}`, `-Dvanthu.public_url=${publicUrl}`]);
  const { chromium } = await loadPlaywright();
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--lang=vi-VN'] });
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

test('the page of a scanned code names the recipient, the decision and the body, on a desktop and a phone', async () => {
  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', bypassCSP: true });  // only to inject axe-core
    const page = await context.newPage();
    const answer = await page.goto(serve.base + codes[0]);
    assert.equal(answer.status(), 200);
    await page.getByRole('heading', { name: 'GIẤY KHEN' }).waitFor();
    assert.equal(await page.locator('dd.name').innerText(), 'Trường Trung học cơ sở Bắc Sơn');
    const status = await page.getByRole('status').innerText();
    assert.match(status, /còn giá trị/);
    assert.match(await page.locator('main').innerText(), /Quyết định số 2106\/QĐ-CAHP ngày 20 tháng 12 năm 2022/);
    // Nothing runs off a phone's screen.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    assert.deepEqual(await accessibilityProblems(page), []);
    await page.screenshot({ path: path.join(shots, `verify-${name}.png`), fullPage: true });
    await context.close();
  }
});

test('a revoked certificate says so, and a code one character off finds nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const revoked = await page.goto(serve.base + codes[1]);
  assert.equal(revoked.status(), 200);
  assert.match(await page.getByRole('status').innerText(), /Đã bị thu hồi ngày \d\d\/\d\d\/\d{4}\. Giấy này không còn giá trị\./);
  await page.screenshot({ path: path.join(shots, 'verify-revoked.png'), fullPage: true });
  const forged = codes[0].slice(0, -1) + (codes[0].endsWith('A') ? 'B' : 'A');
  const unknown = await page.goto(serve.base + forged);
  assert.equal(unknown.status(), 404);
  await page.getByRole('heading', { name: 'Không tìm thấy giấy này' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /Bắc Sơn/);
  await page.screenshot({ path: path.join(shots, 'verify-unknown.png'), fullPage: true });
  await context.close();
});
