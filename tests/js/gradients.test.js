// The race's gradients (gradients.js, BN's and the loss's closed forms) against tf's own: the
// gradient of a small ResNet's and plain net's loss with respect to every parameter, on 'cpu'
// with tf's official gradients and BN as plain ops (the reference) and on 'wasm' with ours and the registered kernel.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs"; // the union package: 'cpu' and tf's own gradients
import "@tensorflow/tfjs-backend-wasm";
import { gradientConfigs, turned } from "../../_assets/race/gradients.js";
import { registerMissingKernels } from "../../_assets/race/kernels.js";
import { BN, cifarNet, forward, initNet, disposeNet } from "../../_assets/race/nn.js";
import { crossEntropy } from "../../_assets/race/train.js";
import { makeRng, normal } from "../../_assets/race/rng.js";

const official = Object.fromEntries(gradientConfigs(tf).map((c) => [c.kernelName, tf.getGradient(c.kernelName)]));
const useGradients = (configs) => configs.forEach((c) => tf.registerGradient(c));
tf.env().set("DEBUG", false);
console.warn = () => {}; // registerGradient warns when it overrides one

async function lossGradients(backend, arch, seed) {
  await tf.setBackend(backend);
  const rng = makeRng(99);
  const x = tf.tensor(Float32Array.from({ length: 16 * 64 }, () => normal(rng)), [16, 8, 8, 1]);
  const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), "int32"), 10).toFloat();
  const net = initNet(tf, arch, seed);
  const { value, grads } = tf.variableGrads(() => crossEntropy(tf, forward(tf, net, x, true), onehot), net.params);
  const out = { loss: (await value.data())[0], grads: await Promise.all(net.params.map((p) => grads[p.name].data())) };
  disposeNet(net);
  return out;
}

function relError(a, b) {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

for (const residual of [true, false]) {
  test(`${residual ? "ResNet" : "plain"}-14 (width 4): our gradients on wasm = tf's on cpu`, async () => {
    registerMissingKernels(tf, "wasm");
    const arch = cifarNet({ depth: 14, residual, width: 4 });
    useGradients(Object.values(official));
    BN.closedForm = false; // the reference: tf differentiates BN itself
    const ref = await lossGradients("cpu", arch, 5);
    BN.closedForm = true;
    useGradients(gradientConfigs(tf));
    for (const backend of ["cpu", "wasm"]) {
      const ours = await lossGradients(backend, arch, 5);
      assert.ok(Math.abs(ours.loss - ref.loss) < 1e-5 * Math.abs(ref.loss), `${backend} loss`);
      ours.grads.forEach((g, i) => {
        const err = relError(g, ref.grads[i]);
        assert.ok(err < 1e-4, `${backend}: gradient ${arch.name} parameter ${i}: relative error ${err}`);
      });
    }
  });
}

test("turned(filter) is tf's reverse then transpose, value for value", async () => {
  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    const rng = makeRng(3);
    for (const shape of [[3, 3, 2, 5], [3, 3, 8, 16], [1, 1, 4, 3]]) {
      const f = tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) },
        () => normal(rng)), shape);
      const want = tf.transpose(tf.reverse(f, [0, 1]), [0, 1, 3, 2]);
      const got = turned(tf, f);
      assert.deepEqual(got.shape, want.shape);
      assert.deepEqual(Array.from(got.dataSync()), Array.from(want.dataSync()), `${backend} ${shape}`);
    }
  }
});
