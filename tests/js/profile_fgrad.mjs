// Issue 15: would im2col + one matMul beat the registered Conv2DBackpropFilter (kernels.js) on
// the race's stride-1 3x3 convolutions (plain-56, batch 128, wasm SIMD, one thread)? Prints, per
// stage, the registered kernel, the im2col kernel (9 Slices of the padded input, Concat, one
// plain BatchMatMul: transposeA is a slow path on wasm) and the bare BatchMatMul alone, i.e. the
// least any im2col could cost. Not a test (node --test skips it). Run: node profile_fgrad.mjs
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { conv2DBackpropFilter } from "../../_assets/race/kernels.js";

await tf.setBackend("wasm");
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
const be = tf.backend();
const run = (name, inputs, attrs) =>
  tf.getKernel(name, "wasm").kernelFunc({ inputs, attrs, backend: be });

/** dW = P^T dY with P^T (9 Ci, N H W) from 9 slices of the padded input, transposed to
 * (Ci, N, H + 2, W + 2) so that every slice lands as rows (kh, kw, ci): no transposeA. */
function im2col(x, dy) {
  const [N, H, W, Ci] = x.shape, Co = dy.shape[3];
  const temps = [], keep = (t) => { temps.push(t); return t; };
  const xT = keep(run("Transpose", { x }, { perm: [3, 0, 1, 2] }));
  const xp = keep(run("PadV2", { x: xT },
    { paddings: [[0, 0], [0, 0], [1, 1], [1, 1]], constantValue: 0 }));
  const parts = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      parts.push(keep(run("Slice", { x: xp }, { begin: [0, 0, i, j], size: [Ci, N, H, W] })));
    }
  }
  const cat = keep(run("Concat", parts, { axis: 0 }));
  const a = keep(run("Reshape", { x: cat }, { shape: [9 * Ci, N * H * W] }));
  const b = keep(run("Reshape", { x: dy }, { shape: [N * H * W, Co] }));
  const m = keep(run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false }));
  const dw = run("Reshape", { x: m }, { shape: [3, 3, Ci, Co] });
  temps.forEach((t) => be.disposeData(t.dataId));
  return dw;
}

const median = (f, n = 60) => {
  for (let i = 0; i < 5; i++) be.disposeData(f().dataId);
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const out = f();
    ts.push(performance.now() - t0);
    be.disposeData(out.dataId);
  }
  return ts.sort((p, q) => p - q)[n >> 1].toFixed(2);
};
const registered = conv2DBackpropFilter(tf, "wasm");
console.log("x shape        registered  im2col  bare matMul  (ms a call, median of 60)");
for (const [xs, Co] of [[[128, 8, 8, 8], 8], [[128, 4, 4, 16], 16], [[128, 2, 2, 32], 32]]) {
  const x = tf.randomNormal(xs), dy = tf.randomNormal([...xs.slice(0, 3), Co]);
  const attrs = { strides: [1, 1], pad: 1, filterShape: [3, 3, xs[3], Co], dataFormat: "NHWC" };
  const L = xs[0] * xs[1] * xs[2];
  const a = tf.randomNormal([9 * xs[3], L]), b = tf.randomNormal([L, Co]);
  const want = be.readSync(registered({ inputs: { x, dy }, backend: be, attrs }).dataId);
  const got = be.readSync(im2col(x, dy).dataId);
  let num = 0, den = 0;
  want.forEach((v, i) => { num += (v - got[i]) ** 2; den += v * v; });
  if (Math.sqrt(num / den) > 1e-5) throw new Error("im2col disagrees with the registered kernel");
  console.log(`${xs.join("x").padEnd(14)} ${median(() =>
    registered({ inputs: { x, dy }, backend: be, attrs })).padStart(10)} ${median(() =>
    im2col(x, dy)).padStart(7)} ${median(() => run("BatchMatMul", { a, b },
    { transposeA: false, transposeB: false })).padStart(12)}`);
}
