// The Web Worker that owns the WebGPU device and trains: the page sends it commands, it sends
// back what happened. Every step is awaited, so the GPU's readbacks complete and the page never
// waits on the GPU.
import init, { WebRun } from './pkg/remat_web.js';

let run = null;
let paused = false;
let stopped = false;
let wake = null;

const send = (type, data) => postMessage({ type, ...data });

async function train(settings, sampleEvery) {
  await init();
  send('status', { text: 'preparing: data, tokenizer, model and plan' });
  run = await WebRun.prepare(JSON.stringify(settings));
  send('prepared', { summary: JSON.parse(run.summary()) });
  const prompt = JSON.parse(run.summary()).prompt;
  while (!run.is_done() && !stopped) {
    if (paused) {
      send('status', { text: 'paused' });
      await new Promise((resolve) => (wake = resolve));
      continue;
    }
    const step = JSON.parse(await run.step());
    send('step', { step });
    if (sampleEvery > 0 && (step.step % sampleEvery === 0 || run.is_done())) {
      send('sample', { step: step.step, prompt, text: await run.sample(prompt) });
    }
  }
  send('done', { stopped });
}

onmessage = async (event) => {
  const { command } = event.data;
  try {
    if (command === 'start') {
      stopped = false;
      paused = false;
      await train(event.data.settings, event.data.sampleEvery);
    } else if (command === 'pause') {
      paused = true;
    } else if (command === 'resume') {
      paused = false;
      if (wake) wake();
    } else if (command === 'stop') {
      stopped = true;
      paused = false;
      if (wake) wake();
    }
  } catch (e) {
    send('error', { text: String(e && e.message ? e.message : e) });
  }
};
