// The kernels registered for the wasm backend give the 'cpu' backend's gradients.
// Run: cd tests/js && npm install && node --test
import assert from "node:assert/strict";
import { test } from "node:test";
// The union package brings the 'cpu' backend and tf's own gradients: the reference.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerMissingKernels } from "../../_assets/race/kernels.js";
import { makeRng, normal } from "../../_assets/race/rng.js";

const rng = makeRng(1);
const randn = (shape) => tf.tensor(Float32Array.from(
  { length: shape.reduce((a, b) => a * b, 1) }, () => normal(rng)), shape);

async function gradsOn(backend, x, w, stride, pad) {
  await tf.setBackend(backend);
  const xb = tf.tensor(x.dataSync(), x.shape);
  const wb = tf.tensor(w.dataSync(), w.shape);
  const g = tf.grads((a, b) => tf.sum(tf.square(tf.conv2d(a, b, stride, pad))));
  const [dx, dw] = g([xb, wb]);
  return [await dx.data(), await dw.data()];
}

function relError(a, b) {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num / den);
}

test("wasm lacks Conv2DBackpropFilter as shipped, and has it once registered", async () => {
  await tf.setBackend("wasm");
  assert.equal(tf.getKernel("Conv2DBackpropFilter", "wasm"), undefined);
  registerMissingKernels(tf, "wasm");
  assert.ok(tf.getKernel("Conv2DBackpropFilter", "wasm"));
});

const cases = [
  // [x shape (N, H, W, C), filter (kh, kw, in, out), stride, pad]: the race's convolutions
  [[5, 8, 8, 1], [3, 3, 1, 8], 1, 1],
  [[4, 8, 8, 8], [3, 3, 8, 16], 2, 1],
  [[3, 4, 4, 16], [3, 3, 16, 32], 2, 1],
  [[6, 2, 2, 32], [3, 3, 32, 32], 1, 1],
  [[2, 7, 7, 3], [3, 3, 3, 4], 2, "same"],
  [[2, 6, 6, 2], [1, 1, 2, 4], 1, "valid"],
];
for (const [xs, ws, stride, pad] of cases) {
  test(`conv2d gradients on wasm = cpu: x ${xs}, filter ${ws}, stride ${stride}, pad ${pad}`,
    async () => {
      registerMissingKernels(tf, "wasm");
      await tf.setBackend("cpu");
      const x = randn(xs), w = randn(ws);
      const [dxCpu, dwCpu] = await gradsOn("cpu", x, w, stride, pad);
      const before = tf.memory().numTensors;
      const [dxWasm, dwWasm] = await gradsOn("wasm", x, w, stride, pad);
      assert.ok(relError(dwWasm, dwCpu) < 1e-5, `filter gradient: ${relError(dwWasm, dwCpu)}`);
      assert.ok(relError(dxWasm, dxCpu) < 1e-5, `input gradient: ${relError(dxWasm, dxCpu)}`);
      assert.ok(tf.memory().numTensors - before <= 4); // the inputs and grads made above only
    });
}
