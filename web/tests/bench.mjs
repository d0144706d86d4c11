// The browser demo's benchmark, in one run:
//   1. the same model, shape and plan trained in the page (WebGPU on SwiftShader), natively on
//      wgpu (lavapipe here) and natively on the CPU backend, plan by plan, alternating: seconds
//      per optimizer step, tokens/s, the peak device memory measured and predicted;
//   2. the longest sequence the page trains within a device budget, `none` against `recompute`
//      and `offload`: the planner's longest (`remat plan --longest-seq`), trained in the page
//      at it and 64 tokens past it, the measured peak against the budget.
// Prints both tables as markdown and writes every figure as JSON.
//
//   REMAT_BIN=target/release/remat node web/tests/bench.mjs [OUT.json]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, open, serve } from './browser.mjs';

const bin = process.env.REMAT_BIN;
if (!bin) throw new Error('set REMAT_BIN to the native remat binary (target/release/remat)');
const outFile = process.argv[2] || path.join(os.tmpdir(), 'remat-web-bench.json');
const steps = +(process.env.REMAT_BENCH_STEPS || 12);
const [batch, seq] = [4, 32];
const budgetMiB = 24;
const plans = ['none', 'recompute', 'offload'];

const { server, url } = await serve();
const browser = await launch(true);
const logs = [];
const page = await open(browser, url, logs);
const mib = (b) => (b / 2 ** 20).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Seconds of the steps after the first two (those compile the shaders and make AdamW's state).
const figures = (where, plan, seconds, tokens, measured, predicted) => ({
  where, plan, seconds: median(seconds), tokens_per_second: tokens / median(seconds),
  measured_peak_bytes: measured, predicted_peak_bytes: predicted,
});

async function inPage(plan, batch, seq, steps) {
  await page.evaluate((s) => window.__remat.train(s), {
    model: { preset: 'tiny' }, data: { demo: { stories: 1000 } }, plan, batch, seq,
    length: { steps }, eval_fraction: 0.01, eval_every: 0, sample_tokens: 0, device: 'wgpu',
  });
  await page.waitForFunction(() => window.__remat.done, null, { timeout: 3600e3 });
  const st = await page.evaluate(() => ({ steps: window.__remat.steps, summary: window.__remat.summary, error: window.__remat.error }));
  if (st.error) throw new Error(`the page says: ${st.error}\n${logs.slice(-20).join('\n')}`);
  const p = st.summary.peak;
  const measured = Math.max(...st.steps.map((s) => s.peak_device_bytes || 0));
  return {
    ...figures('browser', plan, st.steps.slice(2).map((s) => s.seconds), batch * seq, measured,
      p.weights + p.optimizer + p.gradients + p.saved + p.working),
    letters: st.summary.plan, device: st.summary.device, first_step_seconds: st.steps[0].seconds,
  };
}

function native(device, plan, batch, seq, steps) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'remat-bench-'));
  const run = spawnSync(bin, ['train', '--preset', 'tiny', '--device', device, '--batch', `${batch}`,
    '--seq', `${seq}`, '--steps', `${steps}`, '--policy', plan, '--eval-every', '0', '--sample-tokens', '0',
    '--out', out], { encoding: 'utf8' });
  const text = run.stdout + run.stderr;
  if (run.status !== 0) throw new Error(`remat train on ${device}: ${text}`);
  const metrics = fs.readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
  fs.rmSync(out, { recursive: true, force: true });
  const predicted = /predicted peak[^0-9]*([0-9.]+) (MiB|GiB)/.exec(text);
  return figures(device === 'wgpu' ? 'native wgpu' : 'native CPU', plan, metrics.slice(2).map((m) => m.seconds),
    batch * seq, Math.max(...metrics.map((m) => m.peak_device_bytes || 0)),
    predicted ? +predicted[1] * 2 ** (predicted[2] === 'GiB' ? 30 : 20) : null);
}

const results = { date: new Date().toISOString(), batch, seq, steps, throughput: [], longest: [] };
for (const plan of plans) {
  for (const run of [() => inPage(plan, batch, seq, steps), () => native('wgpu', plan, batch, seq, steps), () => native('cpu', plan, batch, seq, steps)]) {
    const r = await run();
    results.throughput.push(r);
    console.log(`${r.where.padEnd(12)} ${plan.padEnd(10)} ${r.seconds.toFixed(3)} s/step, ${r.tokens_per_second.toFixed(0)} tokens/s, peak ${mib(r.measured_peak_bytes)} MiB (predicted ${r.predicted_peak_bytes ? mib(r.predicted_peak_bytes) : '-'})`);
  }
}

// The planner's longest sequence within the budget at batch 1, per plan, then trained there.
const plan = execFileSync(bin, ['plan', '--preset', 'tiny', '--vocab', '512', '--batch', '1', '--budget', `${budgetMiB}MiB`,
  '--longest-seq', '--device', 'cpu'], { encoding: 'utf8' });
for (const policy of plans) {
  const line = new RegExp(`^\\s+${policy}\\s+(\\d+) tokens, plan (\\S+)`, 'm').exec(plan);
  const longest = +line[1];
  for (const at of [longest, longest + 64]) {
    const r = await inPage(policy, 1, at, 3);
    results.longest.push({ ...r, seq: at, predicted_longest: longest, budget_bytes: budgetMiB * 2 ** 20 });
    console.log(`longest ${policy}: seq ${at} (planner's longest ${longest}), plan ${r.letters}: peak ${mib(r.measured_peak_bytes)} MiB measured, ${mib(r.predicted_peak_bytes)} MiB predicted, ${r.seconds.toFixed(1)} s/step`);
  }
}
await browser.close();
server.close();
fs.writeFileSync(outFile, JSON.stringify(results, null, 2));

const device = results.throughput[0].device;
console.log(`\n### tiny preset, batch ${batch} x seq ${seq}, fused kernels (${steps} steps, median of steps 3-${steps})\n`);
console.log('| plan | where | s/step | tokens/s | peak measured | predicted |\n|---|---|---|---|---|---|');
for (const r of results.throughput) {
  console.log(`| ${r.plan} | ${r.where} | ${r.seconds.toFixed(3)} | ${r.tokens_per_second.toFixed(0)} | ${mib(r.measured_peak_bytes)} MiB | ${r.predicted_peak_bytes ? mib(r.predicted_peak_bytes) + ' MiB' : '-'} |`);
}
console.log(`\nbrowser: ${device}\n\n### Longest sequence in the page within ${budgetMiB} MiB, tiny preset, batch 1\n`);
console.log('| plan | seq | peak measured | predicted | s/step |\n|---|---|---|---|---|');
for (const r of results.longest) {
  const over = r.measured_peak_bytes > r.budget_bytes ? ': over' : '';
  console.log(`| ${r.plan} (${r.letters}) | ${r.seq}${r.seq === r.predicted_longest ? ' (longest)' : ''} | ${mib(r.measured_peak_bytes)} MiB${over} | ${mib(r.predicted_peak_bytes)} MiB | ${r.seconds.toFixed(1)} |`);
}
console.log(`\nfigures: ${outFile}`);
