// Logits of a race net for weights and images sent on stdin as JSON, on tf's 'cpu' backend
// (tests/test_browser_race.py compares them with PyTorch's): {depth, residual, width, values
// (every parameter in tf's layout, flat, in parameterList's order), x (flat, N x 8 x 8 x 1)};
// with {labels, lr, weight_decay}, also the eval logits after two SGD steps on that batch.
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { cifarNet, forward, initNet } from "../../_assets/race/nn.js";
import { trainStep } from "../../_assets/race/train.js";

await tf.setBackend("cpu");
const job = JSON.parse(readFileSync(0, "utf8"));
const arch = cifarNet({ depth: job.depth, residual: job.residual, width: job.width });
const net = initNet(tf, arch, 0, job.values.map((v) => Float32Array.from(v)));
const x = tf.tensor(Float32Array.from(job.x), [job.x.length / 64, 8, 8, 1]);
const out = {};
for (const [mode, training] of [["train", true], ["eval", false]]) {
  out[mode] = Array.from(forward(tf, net, x, training).dataSync());
}
if (job.labels) { // then two SGD steps on the same batch, and the eval logits after them
  const y = tf.tensor1d(job.labels, "int32");
  const onehot = tf.oneHot(y, 10).toFloat();
  for (let i = 0; i < 2; i++) {
    trainStep(tf, net, x, y, onehot, { lr: job.lr, momentum: 0.9, weightDecay: job.weight_decay });
  }
  out.after = Array.from(forward(tf, net, x, false).dataSync());
}
console.log(JSON.stringify(out));
