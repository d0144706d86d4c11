// The Web Worker that owns the WebGPU device and trains: the page sends it commands, it sends
// back what happened. Every step is awaited, so the GPU's readbacks complete and the page never
// waits on the GPU.
import init, { Files, WebDevice, WebRun } from './pkg/remat_web.js';

const ready = init();
let run = null;
let paused = false;
let stopped = false;
let wake = null;

// WebGPU is acquired once per page: every run and check here shares the device.
const devices = {};
function device(choice) {
  if (choice === 'auto') return device('wgpu').catch(() => (devices.auto ??= WebDevice.acquire('auto')));
  return (devices[choice] ??= WebDevice.acquire(choice));
}

const send = (type, data, transfer) => postMessage({ type, ...data }, transfer || []);

// The files a person picked, as the page read them: { model: { name, config, weights,
// tokenizer }, data: { name, bytes } }, each file a Uint8Array.
function files(picked) {
  const f = new Files();
  if (picked && picked.model) {
    const m = picked.model;
    f.set_model(m.name, m.config, m.weights, m.tokenizer || undefined);
  }
  if (picked && picked.data) f.set_data(picked.data.name, picked.data.bytes);
  return f;
}

async function train(settings, picked, sampleEvery) {
  send('status', { text: 'preparing: data, tokenizer, model and plan' });
  if (run) run.free();
  run = null;
  run = WebRun.prepare(JSON.stringify(settings), files(picked), await device(settings.device));
  const summary = JSON.parse(run.summary());
  send('prepared', { summary });
  while (!run.is_done() && !stopped) {
    if (paused) {
      send('status', { text: 'paused' });
      await new Promise((resolve) => (wake = resolve));
      continue;
    }
    const step = JSON.parse(await run.step());
    send('step', { step });
    // Let the page's messages in: on the CPU a step's awaits resolve without leaving this
    // task, so without this Pause and Stop would wait for the end of the run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (sampleEvery > 0 && (step.step % sampleEvery === 0 || run.is_done())) {
      send('sample', { step: step.step, prompt: summary.prompt, text: await run.sample(summary.prompt) });
    }
  }
  send('done', { stopped });
}

onmessage = async (event) => {
  const { command } = event.data;
  try {
    await ready;
    if (command === 'start') {
      stopped = false;
      paused = false;
      await train(event.data.settings, event.data.picked, event.data.sampleEvery);
    } else if (command === 'pause') {
      paused = true;
    } else if (command === 'resume') {
      paused = false;
      if (wake) wake();
    } else if (command === 'stop') {
      stopped = true;
      paused = false;
      if (wake) wake();
    } else if (command === 'download') {
      const list = await run.hf_files();
      send('files', { files: list }, list.map(([, bytes]) => bytes.buffer));
    } else if (command === 'gradients') {
      const { id, picked, inputs, plan } = event.data;
      const on = await device(event.data.device);
      const bytes = await on.gradients(files(picked), inputs, plan);
      send('gradients', { id, device: on.description(), bytes }, [bytes.buffer]);
    }
  } catch (e) {
    send('error', { id: event.data.id, text: String(e && e.message ? e.message : e) });
  }
};
