// The browser demo in a real browser: Debian's Chromium, WebGPU on SwiftShader (no GPU needed),
// driven by playwright-core. Serves web/dist (and the HF parity fixtures), then in the page:
//   1. one step of the `gqa` fixture on WebGPU with the fused kernels: loss, logits and every
//      gradient within the HF parity bounds of tests/parity.rs, and `recompute`, `offload` and a
//      mixed plan give the gradients of `none`;
//   2. 30 steps of the tiny preset from the page's own controls: the loss falls, the curve and a
//      sample are drawn, a screenshot is written; the model downloaded from the page is an HF
//      folder that the native `remat generate` loads ($REMAT_BIN, when given), and that the page
//      fine-tunes when it is picked from disk, with a text file picked as the data;
//   3. a browser without WebGPU: the page says so and trains on the CPU backend in wasm.
// Pause and resume are checked in 2, stop in 3.
//
//   REMAT_BIN=target/release/remat node web/tests/page.mjs [SCREENSHOT.png]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtures, launch, open as openPage, serve } from './browser.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);

const screenshot = process.argv[2] || path.join(os.tmpdir(), 'remat-web.png');
const limit = +(process.env.REMAT_WEB_TIMEOUT_S || 600);
const { server, results, url } = await serve();
let browser = await launch(true);
const logs = [];
const fail = async (why) => {
  console.error(`FAIL: ${why}\n${logs.slice(-40).join('\n')}`);
  await browser.close();
  server.close();
  process.exit(1);
};
const open = () => openPage(browser, url, logs);

// A safetensors file: name -> { shape, values } (f32, f64 and i64 tensors).
function safetensors(buffer) {
  const n = Number(buffer.readBigUInt64LE(0));
  const header = JSON.parse(buffer.subarray(8, 8 + n).toString());
  const data = buffer.subarray(8 + n);
  const out = {};
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [a, b] = t.data_offsets;
    const bytes = Uint8Array.prototype.slice.call(data, a, b).buffer;
    const Kind = { F32: Float32Array, F64: Float64Array, I64: BigInt64Array }[t.dtype];
    out[name] = { shape: t.shape, values: new Kind(bytes) };
  }
  return out;
}
// Largest difference over the largest magnitude of the reference (tests/common's rel_err).
const relErr = (got, want) => {
  let diff = 0, scale = 0;
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(got[i])) return Infinity;
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return scale === 0 ? diff : diff / scale;
};
const F32_FLOOR = 1 / 2 ** 22;

try {
  // 1. The HF parity fixture, one step per plan, in the page's worker.
  let page = await open();
  const plans = ['none', 'recompute', 'offload', 'RO'];
  const devices = await page.evaluate(async (plans) => {
    const get = async (name) => new Uint8Array(await (await fetch(`/fixtures/gqa/${name}`)).arrayBuffer());
    const model = { name: 'gqa', config: await get('config.json'), weights: await get('model.safetensors') };
    const inputs = await get('inputs.safetensors');
    const devices = [];
    for (const plan of plans) {
      const { device, bytes } = await window.__remat.gradients({ model }, inputs, plan, 'wgpu');
      await fetch(`/result/${plan}`, { method: 'POST', body: bytes });
      devices.push(device);
    }
    return devices;
  }, plans);
  console.log(`parity fixture gqa on ${devices[0]}`);
  const expected = safetensors(fs.readFileSync(path.join(fixtures, 'gqa', 'expected.safetensors')));
  const none = safetensors(results.get('none'));
  const grads = Object.keys(expected).filter((n) => n.startsWith('grad.')).map((n) => n.slice(5));
  if (Object.keys(none).length !== grads.length + 2) await fail(`${Object.keys(none).length} tensors from the page, expected ${grads.length + 2}`);
  let worst = { name: '', err: 0 }, worstRatio = 0;
  for (const [name, bound] of [['loss', 1e-5], ['logits', 1e-4], ...grads.map((g) => [g, 1e-4])]) {
    const key = name === 'loss' || name === 'logits' ? name : `grad.${name}`;
    const key64 = name === 'loss' || name === 'logits' ? `${name}64` : `grad64.${name}`;
    const got = none[name];
    if (!got) await fail(`the page gave no ${name}`);
    if (got.shape.join() !== expected[key].shape.join() && name !== 'loss') await fail(`${name}: shape ${got.shape} vs ${expected[key].shape}`);
    const err = relErr(got.values, expected[key].values);
    if (!(err <= bound)) await fail(`${name}: rel err ${err.toExponential(2)} from PyTorch's float32 (bound ${bound})`);
    // As close to float64 as PyTorch's float32 is (twice, or the float32 floor).
    const ours = relErr(got.values, expected[key64].values), theirs = relErr(expected[key].values, expected[key64].values);
    if (!(ours <= Math.max(2 * theirs, F32_FLOOR))) await fail(`${name}: ${ours.toExponential(2)} from float64, PyTorch's float32 ${theirs.toExponential(2)}`);
    worstRatio = Math.max(worstRatio, ours / Math.max(theirs, F32_FLOOR));
    if (err > worst.err) worst = { name, err };
  }
  console.log(`parity: loss ${none.loss.values[0].toFixed(6)} (PyTorch ${expected.loss.values[0].toFixed(6)}); worst rel err ${worst.err.toExponential(2)} (${worst.name}); worst distance to float64 ${worstRatio.toFixed(2)}x PyTorch's`);
  for (const plan of plans.slice(1)) {
    const other = safetensors(results.get(plan));
    const differ = grads.filter((g) => !other[g].values.every((v, i) => v === none[g].values[i]));
    if (other.loss.values[0] !== none.loss.values[0] || differ.length) {
      await fail(`plan ${plan}: loss ${other.loss.values[0]} vs ${none.loss.values[0]}; gradients that differ from none: ${differ.join(', ')}`);
    }
    console.log(`plan ${plan}: loss and all ${grads.length} gradients bit for bit those of none`);
  }

  // 2. 30 steps of the tiny preset, from the page's controls.
  await page.fill('#batch', '4');
  await page.fill('#seq', '32');
  await page.fill('#steps', '30');
  await page.selectOption('#plan', 'recompute');
  const started = Date.now();
  await page.click('#start');
  // Pause after a few steps: once the worker says it is paused no step comes, until Resume.
  await page.waitForFunction(() => window.__remat.losses.length >= 3, null, { timeout: limit * 1000 });
  await page.click('#pause');
  await page.waitForFunction(() => document.querySelector('#status').textContent === 'paused', null, { timeout: limit * 1000 });
  const held = await page.evaluate(() => window.__remat.losses.length);
  await page.waitForTimeout(8000);
  const after = await page.evaluate(() => window.__remat.losses.length);
  if (after !== held) await fail(`paused at step ${held}, and step ${after} came`);
  await page.click('#pause');
  console.log(`paused at step ${held} for 8 s, resumed`);
  const finished = await page
    .waitForFunction(() => window.__remat.done, null, { timeout: limit * 1000 })
    .then(() => true, () => false);
  const state = await page.evaluate(() => window.__remat);
  const seconds = (Date.now() - started) / 1000;
  if (!finished) {
    const where = await page.textContent('#status');
    const times = state.steps.map((st) => st.seconds.toFixed(2)).join(' ');
    await fail(`not done after ${limit} s (${state.losses.length} steps, seconds each: ${times}; status: ${where})`);
  }
  if (state.error) await fail(`the page says: ${state.error}`);
  const losses = state.losses.map((p) => p[1]);
  const summary = state.summary;
  const peak = summary.peak.weights + summary.peak.optimizer + summary.peak.gradients + summary.peak.saved + summary.peak.working;
  console.log(`device: ${summary.device}; plan ${summary.plan}, kernels ${summary.kernels}; predicted peak ${peak} B`);
  console.log(`${losses.length} steps in ${seconds.toFixed(1)} s: loss ${losses[0].toFixed(4)} -> ${losses[losses.length - 1].toFixed(4)}; eval ${JSON.stringify(state.evals.map((p) => +p[1].toFixed(4)))}`);
  const times = state.steps.map((st) => st.seconds).sort((a, b) => a - b);
  const measured = state.steps.map((st) => st.peak_device_bytes).filter((b) => b !== null);
  console.log(`seconds per step: median ${times[times.length >> 1].toFixed(2)}, first ${state.steps[0].seconds.toFixed(2)}; tokens/s median ${(4 * 32 / times[times.length >> 1]).toFixed(0)}; measured peak ${Math.max(...measured)} B`);
  if (!summary.device.startsWith('wgpu')) await fail(`trained on ${summary.device}, not WebGPU`);
  if (losses.length !== 30) await fail(`${losses.length} steps, expected 30`);
  if (!(losses[losses.length - 1] < losses[0] - 1.0)) await fail(`the loss did not fall: ${losses}`);
  const sample = await page.textContent('#sample');
  if (!sample || sample === '-') await fail('no sample was shown');
  console.log(`sample: ${sample}`);

  // The trained model, downloaded from the page as an HF folder.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'remat-web-model-'));
  const names = [];
  const saved = [];
  page.on('download', (d) => saved.push(d.saveAs(path.join(folder, d.suggestedFilename())).then(() => names.push(d.suggestedFilename()))));
  await page.click('#download');
  const wanted = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json'];
  for (let i = 0; i < 100 && names.length < wanted.length; i++) { await page.waitForTimeout(200); await Promise.all(saved); }
  if (wanted.some((n) => !names.includes(n))) await fail(`downloaded ${names.join(', ')}; expected ${wanted.join(', ')}`);
  console.log(`downloaded ${names.join(', ')} into ${folder}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
  if (process.env.REMAT_BIN) {
    const out = execFileSync(process.env.REMAT_BIN, ['generate', '--model', folder, '--prompt', 'Once upon a time', '--max-new-tokens', '12', '--device', 'cpu'], { encoding: 'utf8' });
    if (!out.includes('Once upon a time')) await fail(`remat generate on the downloaded folder printed: ${out}`);
    console.log(`remat generate on the downloaded folder: ${out.split('\n').find((l) => l.includes('Once upon a time'))}`);
  }

  // Fine-tuning in the page: the downloaded folder picked from disk as the model, a text file
  // picked as the data.
  const params = summary.params;
  await page.selectOption('#preset', 'disk');
  await page.setInputFiles('#model-files', ['config.json', 'model.safetensors', 'tokenizer.json'].map((n) => path.join(folder, n)));
  await page.selectOption('#data', 'disk');
  await page.setInputFiles('#data-file', path.join(here, '..', '..', 'README.md'));
  await page.fill('#steps', '3');
  await page.click('#start');
  await page.waitForFunction(() => window.__remat.done, null, { timeout: limit * 1000 });
  const tuned = await page.evaluate(() => window.__remat);
  if (tuned.error) await fail(`fine-tuning the downloaded model in the page: ${tuned.error}`);
  if (tuned.losses.length !== 3 || tuned.summary.params !== params || !tuned.losses.every((p) => Number.isFinite(p[1]))) {
    await fail(`fine-tuning the downloaded model: ${JSON.stringify(tuned.losses)}, ${tuned.summary.params} parameters (trained: ${params})`);
  }
  console.log(`fine-tuned the downloaded model in the page on README.md (${tuned.summary.documents} document, ${tuned.summary.train_sequences} sequences): loss ${tuned.losses.map((p) => p[1].toFixed(3)).join(' -> ')}`);
  fs.rmSync(folder, { recursive: true, force: true });
  await browser.close();

  // 3. A browser without WebGPU: the page says so and trains on the CPU in wasm.
  browser = await launch(false);
  page = await open();
  await page.waitForFunction(() => window.__remat.webgpu !== undefined);
  const notice = await page.textContent('#notice');
  if (await page.evaluate(() => window.__remat.webgpu)) await fail('WebGPU was found in a browser started without it');
  if (!(await page.isVisible('#notice')) || (await page.inputValue('#device')) !== 'cpu') await fail(`no CPU fallback shown: ${notice}`);
  await page.fill('#batch', '2');
  await page.fill('#seq', '16');
  await page.fill('#steps', '200');
  await page.click('#start');
  // Stop after three steps: the run ends there, and its model can be downloaded.
  await page.waitForFunction(() => window.__remat.losses.length >= 3, null, { timeout: limit * 1000 });
  await page.click('#stop');
  await page.waitForFunction(() => window.__remat.done, null, { timeout: limit * 1000 });
  const cpu = await page.evaluate(() => window.__remat);
  const where = await page.textContent('#status');
  if (cpu.error || !cpu.summary.device.startsWith('cpu')) await fail(`CPU fallback: ${cpu.error || cpu.summary.device}`);
  if (cpu.losses.length >= 200 || where !== 'stopped' || await page.isDisabled('#download')) await fail(`Stop: ${cpu.losses.length} steps, status "${where}"`);
  console.log(`without WebGPU: "${notice}"; on ${cpu.summary.device}, stopped after ${cpu.losses.length} of 200 steps, loss ${cpu.losses.map((p) => p[1].toFixed(3)).join(' -> ')}`);
} catch (e) {
  await fail(String(e && e.stack ? e.stack : e));
}
await browser.close();
server.close();
