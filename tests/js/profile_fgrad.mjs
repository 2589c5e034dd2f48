// Issue 15: would im2col + one matMul beat the registered Conv2DBackpropFilter (kernels.js) on
// the race's stride-1 3x3 convolutions (plain-56, batch 128, wasm SIMD, one thread)? Prints, per
// stage, the registered kernel, the im2col kernel (9 Slices of the padded input, Concat, one
// plain BatchMatMul: transposeA is a slow path on wasm) and the bare BatchMatMul alone, i.e. the
// least any im2col could cost. Every call gets fresh x and dy, as in training: the backend packs
// a matMul's b (here dy) on every new tensor, as it prepares a convolution's filter. Not a test
// (node --test skips it). Run: node profile_fgrad.mjs
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

/** Median ms of f(x, dy) over 60 calls, each on fresh copies (made and freed outside the clock). */
const median = (f, x0, dy0, n = 60) => {
  const ts = [];
  for (let i = 0; i < n + 5; i++) {
    const x = tf.add(x0, 0), dy = tf.add(dy0, 0);
    const t0 = performance.now();
    const out = f(x, dy);
    if (i >= 5) ts.push(performance.now() - t0);
    be.disposeData(out.dataId);
    tf.dispose([x, dy]);
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
  const matMul = (pT, dy2d) => run("BatchMatMul", { a: pT, b: dy2d },
    { transposeA: false, transposeB: false });
  const want = be.readSync(registered({ inputs: { x, dy }, backend: be, attrs }).dataId);
  const got = be.readSync(im2col(x, dy).dataId);
  let num = 0, den = 0;
  want.forEach((v, i) => { num += (v - got[i]) ** 2; den += v * v; });
  if (Math.sqrt(num / den) > 1e-5) throw new Error("im2col disagrees with the registered kernel");
  const kernel = (x1, dy1) => registered({ inputs: { x: x1, dy: dy1 }, backend: be, attrs });
  const times = [median(kernel, x, dy), median(im2col, x, dy), median(matMul, a, b)];
  console.log(`${xs.join("x").padEnd(14)} ${times[0].padStart(10)} ${times[1].padStart(7)}`
    + ` ${times[2].padStart(12)}`);
}
