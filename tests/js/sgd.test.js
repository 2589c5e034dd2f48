// The SGD step and BN's running statistics, done in JavaScript (train.js), give the numbers that
// the same formulas written as tf ops give, bit for bit, on 'wasm' and on 'cpu': every product
// and sum rounded to float32 as tf's kernels round it. Values span many magnitudes (and include
// subnormal-sized products) so that a rounding slip would show.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { BN_MOMENTUM } from "../../_assets/race/nn.js";
import { sgdUpdate, updateRunning } from "../../_assets/race/train.js";
import { makeRng, normal } from "../../_assets/race/rng.js";

const rng = makeRng(7);
const values = (n) => Float32Array.from({ length: n },
  () => normal(rng) * 10 ** Math.floor(rng() * 40 - 25)); // 1e-25 .. 1e14
const SHAPES = [[3, 3, 2, 4], [4], [4], [5, 10], [10]];
const CONFIG = { lr: 0.07, momentum: 0.9, weightDecay: 1e-4 };

/** The update as tf ops (the race's code before it moved to JavaScript): the reference. */
function sgdWithOps(params, momentum, grads, { lr, momentum: mom, weightDecay }) {
  const next = params.map((p, i) => tf.tidy(() => {
    const g = tf.add(grads[i], tf.mul(p, weightDecay));
    return momentum ? tf.add(tf.mul(momentum[i], mom), g) : g;
  }));
  const moved = params.map((p, i) => tf.tidy(() => tf.sub(p, tf.mul(next[i], lr))));
  return [moved, next];
}

const same = (a, b, what) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: ${a[i]} != ${b[i]}`);
  }
};

for (const backend of ["wasm", "cpu"]) {
  test(`SGD in JavaScript = SGD as tf ops, bit for bit, 4 steps on ${backend}`, async () => {
    await tf.setBackend(backend);
    const start = SHAPES.map((s) => values(s.reduce((a, b) => a * b, 1)));
    const net = { params: SHAPES.map((s, i) => tf.variable(tf.tensor(start[i], s))), momentum: null };
    let params = SHAPES.map((s, i) => tf.tensor(start[i], s)), momentum = null;
    for (let step = 0; step < 4; step++) {
      const grads = SHAPES.map((s) => tf.tensor(values(s.reduce((a, b) => a * b, 1)), s));
      sgdUpdate(tf, net, grads, CONFIG);
      [params, momentum] = sgdWithOps(params, momentum, grads, CONFIG);
      net.params.forEach((p, i) => same(p.dataSync(), params[i].dataSync(), `step ${step} p${i}`));
      net.momentum.forEach((m, i) => same(m, momentum[i].dataSync(), `step ${step} buf${i}`));
    }
  });

  test(`BN's running statistics in JavaScript = as tf ops, bit for bit, on ${backend}`, async () => {
    await tf.setBackend(backend);
    const C = 64, m = 128 * 8 * 8, unbias = m / (m - 1);
    const net = { running: { bn: { mean: values(C), variance: values(C).map(Math.abs) } } };
    // copies: the 'cpu' backend keeps the array it is given, and updateRunning writes in place
    let mean = tf.tensor(net.running.bn.mean.slice()), variance = tf.tensor(net.running.bn.variance.slice());
    for (let step = 0; step < 3; step++) {
      const batchMean = values(C), batchVar = values(C).map(Math.abs);
      updateRunning(net, [["bn", batchMean, batchVar, unbias]]);
      mean = tf.add(tf.mul(mean, 1 - BN_MOMENTUM), tf.mul(tf.tensor(batchMean), BN_MOMENTUM));
      const unbiased = tf.mul(tf.tensor(batchVar), unbias);
      variance = tf.add(tf.mul(variance, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM));
      same(net.running.bn.mean, mean.dataSync(), `step ${step} mean`);
      same(net.running.bn.variance, variance.dataSync(), `step ${step} variance`);
    }
  });
}
