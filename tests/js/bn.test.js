// BN in training mode (nn.js bnTrainOp) does its per-channel arithmetic in JavaScript; here it
// is checked against the same formulas as tf ops: output, input gradient, gamma's and beta's
// gradients, bit for bit on wasm, at the race's map sizes. (gradients.test.js checks the
// formulas themselves against tf's own differentiation of BN.)
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { bnTrainOp, channelMeans, BN_EPS } from "../../_assets/race/nn.js";
import { makeRng, normal } from "../../_assets/race/rng.js";

const rng = makeRng(17);
const randn = (shape, scale = 1, shift = 0) => tf.tensor(Float32Array.from(
  { length: shape.reduce((a, b) => a * b, 1) }, () => normal(rng) * scale + shift), shape);

const means = (x) => tf.tensor1d(channelMeans(tf, x));

/** The same closed form with every per-channel step a tf op (the means are the race's). */
const bnWithOps = tf.customGrad((x, gamma, beta, save) => {
  const m = x.size / x.shape[3];
  const mean = means(x);
  const d = tf.sub(x, mean);
  const variance = means(tf.square(d));
  const invStd = tf.rsqrt(tf.add(variance, BN_EPS));
  const a = tf.mul(gamma, invStd);
  save([d, invStd, a]);
  return {
    value: tf.add(tf.mul(d, a), beta),
    gradFunc: (dy, [dd, inv, aa]) => {
      const meanDy = means(dy), meanDyd = means(tf.mul(dy, dd));
      const perD = tf.neg(tf.mul(aa, tf.mul(tf.mul(inv, inv), meanDyd)));
      const shift = tf.neg(tf.mul(aa, meanDy));
      const dx = tf.add(tf.add(tf.mul(dy, aa), tf.mul(dd, perD)), shift);
      return [dx, tf.mul(tf.mul(meanDyd, m), inv), tf.mul(meanDy, m)];
    },
  };
});

function same(got, want, what) {
  assert.equal(got.length, want.length, what);
  const bad = got.findIndex((g, i) => !Object.is(g, want[i]));
  assert.equal(bad, -1, `${what}: index ${bad}: ${got[bad]} != ${want[bad]}`);
}

test("BN's per-channel arithmetic in JavaScript = as tf ops, bit for bit, on wasm", async () => {
  await tf.setBackend("wasm");
  for (const shape of [[128, 8, 8, 8], [128, 4, 4, 16], [128, 2, 2, 32], [7, 3, 3, 2]]) {
    const c = shape[3];
    const x = randn(shape, 2, 0.5), gamma = randn([c], 0.3, 1), beta = randn([c], 0.2);
    const dy = randn(shape, 0.01);
    const outputs = (op) => {
      const { value, grads } = tf.valueAndGrads((a, g, b) => op(a, g, b))([x, gamma, beta], dy);
      return [value, ...grads].map((t) => t.dataSync());
    };
    const want = outputs(bnWithOps);
    outputs(bnTrainOp(tf)).forEach((got, i) =>
      same(got, want[i], `${shape}: ${["y", "dx", "dgamma", "dbeta"][i]}`));
  }
});

for (const backend of ["wasm", "cpu"]) {
  test(`channelMeans(x) = tf.mean(x, [0, 1, 2]), to float32 rounding, on ${backend}`, async () => {
    await tf.setBackend(backend);
    for (const shape of [[128, 8, 8, 8], [128, 4, 4, 16], [128, 2, 2, 32], [7, 3, 3, 2]]) {
      const x = randn(shape, 2, 0.5);
      const want = tf.mean(x, [0, 1, 2]).dataSync(), got = channelMeans(tf, x);
      assert.equal(got.length, shape[3]);
      got.forEach((g, c) => assert.ok(Math.abs(g - want[c]) < 1e-6 * (1 + Math.abs(want[c])),
        `${shape} channel ${c}: ${g} != ${want[c]}`));
    }
  });
}
