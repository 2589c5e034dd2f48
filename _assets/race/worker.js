// A Web Worker that trains its share of the race's nets in turns, an epoch each (like race.py),
// and posts every net's history after every epoch. The page sends the libraries' text, the
// .wasm bytes and the digits, so nothing is fetched: it works from file:// as from a server.
import { cifarNet, countParams, disposeNet, initNet } from "./nn.js";
import { dataTensors, fitEpochs, trainStep, evaluate } from "./train.js";
import { registerGradients } from "./gradients.js";
import { registerMissingKernels } from "./kernels.js";

let tf = null;
let data = null; // {train, test} as tensors

async function init({ libs, wasm, digits }) {
  (0, eval)(libs.core); // the UMD bundles define self.tf and self.tf.wasm
  (0, eval)(libs.wasm);
  tf = self.tf;
  const url = URL.createObjectURL(new Blob([wasm], { type: "application/wasm" }));
  tf.wasm.setWasmPaths({ "tfjs-backend-wasm.wasm": url, "tfjs-backend-wasm-simd.wasm": url,
    "tfjs-backend-wasm-threaded-simd.wasm": url });
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false); // threads gave nothing on 2 cores
  if (!(await tf.setBackend("wasm"))) throw new Error("WebAssembly (with SIMD) is not available");
  registerGradients(tf);
  registerMissingKernels(tf, "wasm");
  data = { train: dataTensors(tf, digits.train), test: dataTensors(tf, digits.test) };
}

function subset(train, n) {
  if (n >= train.n) return train;
  return { X: tf.slice(train.X, 0, n), y: tf.slice(train.y, 0, n),
    onehot: tf.slice(train.onehot, 0, n), n };
}

/** A throw-away step before any race: a ResNet-8 of the race's width (every conv shape of the
 * nets: 3 stages, stride 2, option A) trains twice on the first 128 training digits and is
 * tested once, so that the wasm code is compiled and optimised, and memory allocated, before
 * Train is pressed. It draws no random number that a race uses (its net has its own generator,
 * the batch is fixed) and leaves no tensor behind: a race after it computes the same numbers. */
function warmUp(width) {
  const net = initNet(tf, cifarNet({ depth: 8, residual: true, width }), 0);
  const batch = subset(data.train, 128);
  const config = { lr: 0.01, momentum: 0.9, weightDecay: 1e-4 };
  for (let i = 0; i < 2; i++) {
    tf.dispose(trainStep(tf, net, batch.X, batch.y, batch.onehot, config));
  }
  evaluate(tf, net, data.test.X, data.test.y);
  disposeNet(net);
  if (batch !== data.train) [batch.X, batch.y, batch.onehot].forEach((t) => t.dispose());
}

function race({ nets, config }) {
  const train = subset(data.train, config.n);
  const loops = nets.map(({ name, depth, residual, seed }) => {
    const arch = cifarNet({ depth, residual, width: config.width });
    const net = initNet(tf, arch, seed);
    return { name, net, params: countParams(arch),
      epochs: fitEpochs(tf, net, train, data.test, config, name) };
  });
  while (loops.length) {
    for (const loop of [...loops]) {
      const { value: history, done } = loop.epochs.next();
      if (history) postMessage({ type: "epoch", name: loop.name, params: loop.params, history });
      if (done || !history || history.status !== "running") {
        disposeNet(loop.net);
        loops.splice(loops.indexOf(loop), 1);
      }
    }
  }
  if (train !== data.train) [train.X, train.y, train.onehot].forEach((t) => t.dispose());
  postMessage({ type: "done", tensors: tf.memory().numTensors });
}

let ready = null; // init's promise: a race that arrives early waits for it

self.onmessage = async ({ data: msg }) => {
  try {
    if (msg.type === "init") {
      ready = init(msg);
      await ready;
      if (msg.warmUp) warmUp(msg.width);
      postMessage({ type: "ready", backend: tf.getBackend() });
    } else if (msg.type === "race") {
      await ready;
      race(msg);
    }
  } catch (error) {
    postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
  }
};
