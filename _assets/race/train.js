// Training, as resnet_book/training.py does it: SGD with momentum 0.9 and weight decay 1e-4 added
// to the gradient before momentum on every parameter (torch.optim.SGD), batches of 128 in
// near-equal pieces (torch.tensor_split), training error counted on the batches as they are
// trained, test error in eval mode after every epoch; a loss that is no longer a number ends the
// run as "diverged". Pure functions of `tf` and plain data: the worker runs them, Node tests too.
import { forward, BN_MOMENTUM, f32 } from "./nn.js";
import { makeRng, permutation, tensorSplit } from "./rng.js";

export const TRAIN_DEFAULTS = { epochs: 10, lr: 0.05, batchSize: 128, momentum: 0.9,
  weightDecay: 1e-4, seed: 0 };

/** Mean cross-entropy of logits (N, K) against one-hot labels, with its closed-form gradient. */
export function crossEntropy(tf, logits, onehot) {
  const loss = tf.customGrad((z, save) => {
    const logp = tf.logSoftmax(z);
    save([logp]);
    return {
      value: tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1))),
      gradFunc: (dy, [lp]) => [tf.mul(dy, tf.div(tf.sub(tf.exp(lp), onehot), z.shape[0]))],
    };
  });
  return loss(logits);
}

/** One SGD step (torch.optim.SGD): g += wd * p; buf = momentum * buf + g; p -= lr * buf.
 * Done in JavaScript on each parameter's values, not as tf ops: the same float32 arithmetic
 * (every product and sum rounded to float32, as tf's Mul, Add and Sub kernels round it, so the
 * numbers are the same bit for bit: tests/js/sgd.test.js), but 2 tf calls a parameter instead of
 * 6 tiny kernels, whose fixed cost (about 15 us each on wasm) was a tenth of plain-56's step.
 * The momentum buffers are Float32Arrays. */
export function sgdUpdate(tf, net, grads, { lr, momentum, weightDecay }) {
  const [rate, mom, wd] = [f32(lr), f32(momentum), f32(weightDecay)];
  const first = net.momentum === null;
  if (first) net.momentum = net.params.map((p) => new Float32Array(p.size));
  net.params.forEach((p, i) => {
    const w = p.dataSync(), g = grads[i].dataSync(), buf = net.momentum[i];
    const next = new Float32Array(w.length);
    for (let j = 0; j < w.length; j++) {
      const d = f32(g[j] + f32(w[j] * wd)); // a Float32Array stores float32: buf[j] is rounded
      buf[j] = first ? d : f32(buf[j] * mom) + d;
      next[j] = w[j] - f32(buf[j] * rate);
    }
    const t = tf.tensor(next, p.shape);
    p.assign(t);
    t.dispose();
  });
}

/** BN's running statistics (PyTorch): running = 0.9 running + 0.1 batch, with the batch's
 * unbiased variance; in JavaScript on Float32Arrays, as float32 tf ops would compute them.
 * stats: [name, batch mean, batch variance (Float32Arrays), unbiasing factor] a layer. */
export function updateRunning(net, stats) {
  const keep = f32(1 - BN_MOMENTUM), take = f32(BN_MOMENTUM);
  for (const [name, m, v, unbias] of stats) {
    const r = net.running[name], u = f32(unbias);
    for (let c = 0; c < m.length; c++) {
      r.mean[c] = f32(r.mean[c] * keep) + f32(m[c] * take);
      r.variance[c] = f32(r.variance[c] * keep) + f32(f32(v[c] * u) * take);
    }
  }
}

/** Train on one batch; returns [loss * batch size, wrong answers] as tensors (read once an epoch). */
export function trainStep(tf, net, xb, yb, onehot, config) {
  const stats = [];
  let wrong;
  const { value, grads } = tf.variableGrads(() => {
    const logits = forward(tf, net, xb, true, stats);
    wrong = tf.keep(tf.sum(tf.cast(tf.notEqual(tf.argMax(logits, 1), yb), "float32")));
    return crossEntropy(tf, logits, onehot);
  }, net.params);
  sgdUpdate(tf, net, net.params.map((p) => grads[p.name]), config);
  Object.values(grads).forEach((g) => g.dispose());
  updateRunning(net, stats);
  const lossSum = tf.tidy(() => tf.mul(value, xb.shape[0]));
  value.dispose();
  return [lossSum, wrong];
}

/** Error (fraction wrong) in eval mode: BN uses its running statistics. */
export function evaluate(tf, net, X, y) {
  const wrong = tf.tidy(() => tf.sum(tf.cast(tf.notEqual(tf.argMax(forward(tf, net, X, false), 1), y),
    "float32")));
  const n = wrong.dataSync()[0];
  wrong.dispose();
  return n / y.shape[0];
}

/** The training data as tensors: X (N, H, W, C) float32, y int32, and one-hot labels. */
export function dataTensors(tf, { X, y, shape, classes }) {
  const n = y.length;
  const labels = tf.tensor1d(Int32Array.from(y), "int32");
  return {
    X: tf.tensor(X, [n, ...shape]),
    y: labels,
    onehot: tf.tidy(() => tf.cast(tf.oneHot(labels, classes), "float32")),
    n,
  };
}

/** Epoch by epoch, like training.iter_fit: yields the history after every epoch. */
export function* fitEpochs(tf, net, train, test, config, name) {
  const c = { ...TRAIN_DEFAULTS, ...config };
  const rng = makeRng(c.seed * 2 + 1); // the batch order; the nets' weights come from another seed
  const history = { name, train_error: [], test_error: [], train_loss: [], epoch_seconds: [],
    status: "running", message: "" };
  const numBatches = Math.max(1, Math.ceil(train.n / c.batchSize));
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    const start = performance.now();
    let lossSum = tf.scalar(0), wrong = tf.scalar(0);
    for (const idx of tensorSplit(permutation(rng, train.n), numBatches)) {
      const i = tf.tensor1d(Int32Array.from(idx), "int32");
      const xb = tf.gather(train.X, i), yb = tf.gather(train.y, i), oh = tf.gather(train.onehot, i);
      const [l, w] = trainStep(tf, net, xb, yb, oh, c);
      const [l2, w2] = [tf.add(lossSum, l), tf.add(wrong, w)];
      [lossSum, wrong, l, w, i, xb, yb, oh].forEach((t) => t.dispose());
      lossSum = l2; wrong = w2;
    }
    const loss = lossSum.dataSync()[0] / train.n;
    history.train_loss.push(loss);
    history.train_error.push(wrong.dataSync()[0] / train.n);
    lossSum.dispose(); wrong.dispose();
    if (!Number.isFinite(loss)) {
      history.test_error.push(null);
      history.epoch_seconds.push((performance.now() - start) / 1000);
      history.status = "diverged";
      history.message = `diverged: the loss became ${loss} in epoch ${epoch + 1}; ` +
        `try a smaller learning rate than ${c.lr}`;
      yield history;
      return;
    }
    history.test_error.push(evaluate(tf, net, test.X, test.y));
    history.epoch_seconds.push((performance.now() - start) / 1000);
    if (epoch + 1 === c.epochs) history.status = "done";
    yield history;
  }
}
