// Where a training step of the race's engine spends its time: plain-56 at batch 128 on the wasm
// backend (SIMD, one thread), with the race's own gradients and kernels (the union tfjs package
// would otherwise use its official ones). Prints the step's time (min and median of 25), one
// test pass on 450 images, and tf.profile's kernel time summed by kernel. Not a test (node --test
// skips it): a tool for the engine's speed work. Run: cd tests/js && node profile_step.mjs
// (QUICK=1: the step time only). Numbers vary with the machine's load: compare A/B, alternated.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { cifarNet, initNet } from "../../_assets/race/nn.js";
import { trainStep, evaluate, TRAIN_DEFAULTS } from "../../_assets/race/train.js";
import { gradientConfigs } from "../../_assets/race/gradients.js";
import { registerMissingKernels } from "../../_assets/race/kernels.js";

await tf.setBackend("wasm");
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
registerMissingKernels(tf, "wasm");
const warn = console.warn;
console.warn = () => {}; // "Overriding the gradient for ...": on purpose, to time the race's own
for (const g of gradientConfigs(tf)) tf.registerGradient(g);
console.warn = warn;

const N = 128;
const x = tf.randomNormal([N, 8, 8, 1]);
const y = tf.tensor1d(Int32Array.from({ length: N }, (_, i) => i % 10), "int32");
const oh = tf.cast(tf.oneHot(y, 10), "float32");
const xTest = tf.randomNormal([450, 8, 8, 1]);
const yTest = tf.tensor1d(Int32Array.from({ length: 450 }, (_, i) => i % 10), "int32");
const net = initNet(tf, cifarNet({ depth: 56, residual: false, width: 8 }), 1);
const step = () => {
  const [loss, wrong] = trainStep(tf, net, x, y, oh, TRAIN_DEFAULTS);
  loss.dataSync();
  tf.dispose([loss, wrong]);
};
for (let i = 0; i < 3; i++) step(); // warm
const times = [];
for (let i = 0; i < 25; i++) {
  const t0 = performance.now();
  step();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`step ms: min ${times[0].toFixed(1)}, median ${times[12].toFixed(1)}`);
if (!process.env.QUICK) {
  const t0 = performance.now();
  evaluate(tf, net, xTest, yTest);
  console.log(`test pass (450 images) ms: ${(performance.now() - t0).toFixed(1)}`);
  const prof = await tf.profile(step);
  const by = {};
  for (const k of prof.kernels) {
    const b = (by[k.name] ||= { n: 0, ms: 0 });
    b.n++;
    b.ms += k.kernelTimeMs;
  }
  console.log(`${prof.kernels.length} kernel calls (nested ones, e.g. inside BN's customGrad,`
    + " are counted twice: in 'forward' and by name)");
  for (const [name, v] of Object.entries(by).sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    console.log(`${name.padEnd(24)} ${String(v.n).padStart(5)} ${v.ms.toFixed(2)} ms`);
  }
}
