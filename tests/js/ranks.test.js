// A training step and a test pass of the race's nets run every kernel on tensors of rank 4 or
// less: on wasm a rank-5 Slice falls back to generic code that visits values one by one (the
// backend's fast paths stop at rank 4). Option A's subsampling once sliced a rank-5 view: 7 to
// 15 ms a call, a ResNet step a third slower than its plain twin's.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { cifarNet, initNet, disposeNet } from "../../_assets/race/nn.js";
import { trainStep, evaluate, TRAIN_DEFAULTS } from "../../_assets/race/train.js";
import { gradientConfigs } from "../../_assets/race/gradients.js";
import { registerMissingKernels } from "../../_assets/race/kernels.js";

test("a ResNet's training step and test pass use no tensor of rank above 4, on wasm", async () => {
  await tf.setBackend("wasm");
  registerMissingKernels(tf, "wasm");
  const warn = console.warn;
  console.warn = () => {}; // "Overriding the gradient for ...": the race's own, as in the page
  for (const g of gradientConfigs(tf)) tf.registerGradient(g);
  console.warn = warn;
  const x = tf.randomNormal([16, 8, 8, 1]);
  const y = tf.tensor1d(Int32Array.from({ length: 16 }, (_, i) => i % 10), "int32");
  const onehot = tf.cast(tf.oneHot(y, 10), "float32");
  const net = initNet(tf, cifarNet({ depth: 14, residual: true, width: 4 }), 1);
  const profile = await tf.profile(() => {
    tf.dispose(trainStep(tf, net, x, y, onehot, TRAIN_DEFAULTS));
    evaluate(tf, net, x, y);
  });
  const names = new Set(profile.kernels.map((k) => k.name));
  assert.ok(["Slice", "PadV2", "Conv2DBackpropFilter"].every((n) => names.has(n)), [...names].join());
  const high = profile.kernels.filter((k) => k.inputShapes.some((s) => s && s.length > 4));
  assert.deepEqual(high.map((k) => `${k.name} ${JSON.stringify(k.inputShapes)}`), []);
  disposeNet(net);
});
