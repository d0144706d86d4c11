// The browser demo in a real browser: Debian's Chromium, WebGPU on SwiftShader (no GPU needed),
// driven by playwright-core. Serves web/dist, trains from the page's own controls, checks that
// the loss falls and the curve and sample are drawn, and writes a screenshot.
//
//   node web/tests/page.mjs [SCREENSHOT.png]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
const screenshot = process.argv[2] || path.join(os.tmpdir(), 'remat-web.png');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
  if (!target.startsWith(root) || !fs.existsSync(target)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[path.extname(target)] || 'application/octet-stream' });
  fs.createReadStream(target).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'remat-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 860 },
  args: ['--headless=new', '--enable-unsafe-webgpu', '--no-sandbox', '--disable-gpu-sandbox',
         '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
  ignoreDefaultArgs: ['--disable-gpu'],
});
const fail = async (why) => {
  console.error(`FAIL: ${why}`);
  await browser.close();
  server.close();
  process.exit(1);
};
try {
  const page = browser.pages()[0] || await browser.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  // 30 steps of the tiny preset, from the page's controls.
  await page.fill('#batch', '4');
  await page.fill('#seq', '32');
  await page.fill('#steps', '30');
  await page.selectOption('#plan', 'recompute');
  const started = Date.now();
  await page.click('#start');
  const limit = +(process.env.REMAT_WEB_TIMEOUT_S || 600);
  const finished = await page
    .waitForFunction(() => window.__remat.done, null, { timeout: limit * 1000 })
    .then(() => true, () => false);
  const state = await page.evaluate(() => window.__remat);
  const seconds = (Date.now() - started) / 1000;
  await page.screenshot({ path: screenshot, fullPage: true });
  if (!finished) {
    const where = await page.textContent('#status');
    const times = state.steps.map((st) => st.seconds.toFixed(2)).join(' ');
    await fail(`not done after ${limit} s (${state.losses.length} steps, seconds each: ${times}; status: ${where})\n${logs.join('\n')}`);
  }
  if (state.error) await fail(`the page says: ${state.error}\n${logs.join('\n')}`);
  const losses = state.losses.map((p) => p[1]);
  const summary = state.summary;
  console.log(`device: ${summary.device}; plan ${summary.plan}, kernels ${summary.kernels}`);
  console.log(`predicted peak ${summary.peak.weights + summary.peak.optimizer + summary.peak.gradients + summary.peak.saved + summary.peak.working} B`);
  console.log(`${losses.length} steps in ${seconds.toFixed(1)} s: loss ${losses[0].toFixed(4)} -> ${losses[losses.length - 1].toFixed(4)}; eval ${JSON.stringify(state.evals.map((p) => +p[1].toFixed(4)))}`);
  const times = state.steps.map((st) => st.seconds).sort((a, b) => a - b);
  console.log(`seconds per step: median ${times[times.length >> 1].toFixed(2)}, first ${state.steps[0].seconds.toFixed(2)}`);
  console.log(`screenshot: ${screenshot}`);
  if (!summary.device.startsWith('wgpu')) await fail(`trained on ${summary.device}, not WebGPU`);
  if (losses.length !== 30) await fail(`${losses.length} steps, expected 30`);
  if (!(losses[losses.length - 1] < losses[0] - 1.0)) await fail(`the loss did not fall: ${losses}`);
  const sample = await page.textContent('#sample');
  if (!sample || sample === '-') await fail('no sample was shown');
  console.log(`sample: ${sample}`);
} catch (e) {
  await fail(String(e));
}
await browser.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
