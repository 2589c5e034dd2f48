// A Web Worker that trains its share of the race's nets in turns, an epoch each (like race.py),
// and posts every net's history after every epoch. The page sends the libraries' text, the
// .wasm bytes and the digits, so nothing is fetched: it works from file:// as from a server.
import { cifarNet, countParams, disposeNet, initNet } from "./nn.js";
import { dataTensors, fitEpochs } from "./train.js";
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
      postMessage({ type: "ready", backend: tf.getBackend() });
    } else if (msg.type === "race") {
      await ready;
      race(msg);
    }
  } catch (error) {
    postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
  }
};
