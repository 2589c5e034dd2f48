// BN in training mode (nn.js bnTrainOp) does its per-channel arithmetic in JavaScript; here it
// is checked against the same formulas as tf ops (the race's engine before that change): output,
// input gradient, gamma's and beta's gradients, bit for bit on wasm, at the race's map sizes.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { bnTrainOp, BN_EPS } from "../../_assets/race/nn.js";
import { makeRng, normal } from "../../_assets/race/rng.js";

const rng = makeRng(17);
const randn = (shape, scale = 1, shift = 0) => tf.tensor(Float32Array.from(
  { length: shape.reduce((a, b) => a * b, 1) }, () => normal(rng) * scale + shift), shape);

const channelSums = (x) => {
  const [n, h, w, c] = x.shape;
  return tf.sum(tf.sum(tf.reshape(x, [n, h * w, c]), 1), 0);
};

/** The same closed form with every per-channel step a tf op. */
const bnWithOps = tf.customGrad((x, gamma, beta, save) => {
  const m = x.size / x.shape[3];
  const mean = tf.div(channelSums(x), m);
  const d = tf.sub(x, mean);
  const variance = tf.div(channelSums(tf.square(d)), m);
  const invStd = tf.rsqrt(tf.add(variance, BN_EPS));
  const a = tf.mul(gamma, invStd);
  save([d, invStd, a]);
  return {
    value: tf.add(tf.mul(d, a), beta),
    gradFunc: (dy, [dd, inv, aa]) => {
      const dbeta = channelSums(dy);
      const dgamma = tf.mul(channelSums(tf.mul(dy, dd)), inv);
      const perD = tf.div(tf.mul(aa, tf.mul(dgamma, inv)), -m);
      const shift = tf.div(tf.mul(aa, dbeta), -m);
      return [tf.add(tf.add(tf.mul(dy, aa), tf.mul(dd, perD)), shift), dgamma, dbeta];
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
