// What the page test and the browser benchmark share: a local server for web/dist (and the HF
// parity fixtures, and results the page posts back), and Debian's Chromium driven by
// playwright-core, with WebGPU on SwiftShader or without WebGPU.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
export const root = path.join(here, '..', 'dist');
export const fixtures = path.join(here, '..', '..', 'tests', 'fixtures');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

// Serves web/dist at `/`, tests/fixtures at `/fixtures/`, and keeps what is POSTed to
// `/result/NAME` in `results`.
export async function serve() {
  const results = new Map();
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (req.method === 'POST' && url.startsWith('/result/')) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => { results.set(url.slice(8), Buffer.concat(chunks)); res.end(); });
      return;
    }
    const [base, rest] = url.startsWith('/fixtures/') ? [fixtures, url.slice(9)] : [root, url];
    const file = path.join(base, rest);
    const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
    if (!target.startsWith(base) || !fs.existsSync(target)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(target)] || 'application/octet-stream' });
    fs.createReadStream(target).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, results, url: `http://127.0.0.1:${server.address().port}/` };
}

// Chromium with WebGPU on SwiftShader (`webgpu`), or with WebGPU off.
export const launch = (webgpu) => chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'remat-chromium-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless=new', '--no-sandbox', '--disable-gpu-sandbox', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         ...(webgpu ? ['--enable-unsafe-webgpu'] : ['--disable-features=WebGPU,Vulkan', '--disable-gpu'])],
  ignoreDefaultArgs: ['--disable-gpu'],
});

// The page at `url` in `browser`, its console kept in `logs`.
export async function open(browser, url, logs) {
  const page = browser.pages()[0] || await browser.newPage();
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  return page;
}
