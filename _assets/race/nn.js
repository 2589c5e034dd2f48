// The CIFAR nets of He et al. (2015), §4.2, at any width: the same layers, in the same order and
// with the same names, as resnet_book/models.py (cifar_net). Pure functions of `tf` (TensorFlow.js
// core): no DOM, no worker, so Node tests can run them on the 'cpu' backend.
//
//   const net = initNet(tf, cifarNet({ depth: 56, residual: false, width: 8 }), seed);
//   const logits = forward(tf, net, x, true);   // x: (N, H, W, C), tf's layout
//
// tf keeps images as (N, H, W, C) and filters as (kh, kw, in, out); PyTorch as (N, C, H, W) and
// (out, in, kh, kw). Every parameter records its PyTorch shape, so tests compare the two engines.
import { makeRng, normal } from "./rng.js";

export const BN_EPS = 1e-5; // torch.nn.BatchNorm2d's eps
export const BN_MOMENTUM = 0.1; // PyTorch's sense: running = 0.9 * running + 0.1 * batch

/** n for a depth of 6n+2, or an Error that says what would work (as check_cifar_depth). */
export function blocksPerStage(depth) {
  if (!Number.isInteger(depth) || depth < 8 || (depth - 2) % 6) {
    throw new Error(
      `depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...); got ${depth}`,
    );
  }
  return (depth - 2) / 6;
}

/** The layers of a CIFAR net as plain data: what `initNet` builds and `forward` runs. */
export function cifarNet({ depth, residual, width = 8, inChannels = 1, classes = 10 }) {
  const n = blocksPerStage(depth);
  const convBn = (name, cin, cout, stride) => ({ name, cin, cout, stride, k: 3 });
  const blocks = [];
  let cin = width;
  [width, 2 * width, 4 * width].forEach((cout, stage) => {
    for (let j = 0; j < n; j++) {
      const stride = stage > 0 && j === 0 ? 2 : 1; // the first block of stages 2, 3 halves the map
      const name = `stages.${stage}.${j}.layers`;
      blocks.push({
        layers: [convBn(`${name}.0`, cin, cout, stride), convBn(`${name}.1`, cout, cout, 1)],
        shortcut: residual ? { stride, extra: cout - cin } : null, // option A: no parameters
      });
      cin = cout;
    }
  });
  const name = `${residual ? "ResNet" : "plain"}-${depth}`;
  const stem = { name: "stem", cin: inChannels, cout: width, stride: 1, k: 3, bnName: "stem.1" };
  return { name, depth, residual, width, stem, blocks, features: cin, classes };
}

/** Every parameter as {name, shape (tf), torchShape} in the order of PyTorch's net.parameters(). */
export function parameterList(arch) {
  const list = [];
  const convBn = (conv, convName, bnName) => {
    list.push({ name: `${convName}.weight`, shape: [conv.k, conv.k, conv.cin, conv.cout],
      torchShape: [conv.cout, conv.cin, conv.k, conv.k], kind: "conv", fanOut: conv.cout * conv.k * conv.k });
    list.push({ name: `${bnName}.weight`, shape: [conv.cout], torchShape: [conv.cout], kind: "ones" });
    list.push({ name: `${bnName}.bias`, shape: [conv.cout], torchShape: [conv.cout], kind: "zeros" });
  };
  convBn(arch.stem, "stem.0", "stem.1");
  for (const block of arch.blocks) {
    for (const layer of block.layers) convBn(layer, `${layer.name}.0`, `${layer.name}.1`);
  }
  const fanIn = arch.features;
  list.push({ name: "fc.weight", shape: [arch.features, arch.classes],
    torchShape: [arch.classes, arch.features], kind: "uniform", fanIn });
  list.push({ name: "fc.bias", shape: [arch.classes], torchShape: [arch.classes], kind: "uniform", fanIn });
  return list;
}

export function countParams(arch) {
  return parameterList(arch).reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** Initial values as models.init_weights does: He normal (fan_out) for convs, BN 1 and 0, and
 * nn.Linear's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the classifier. */
export function initialValues(arch, seed) {
  const rng = makeRng(seed);
  return parameterList(arch).map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    if (p.kind === "conv") {
      const std = Math.sqrt(2 / p.fanOut); // kaiming_normal_(mode="fan_out", nonlinearity="relu")
      for (let i = 0; i < size; i++) v[i] = std * normal(rng);
    } else if (p.kind === "ones") {
      v.fill(1);
    } else if (p.kind === "uniform") {
      const bound = 1 / Math.sqrt(p.fanIn);
      for (let i = 0; i < size; i++) v[i] = (2 * rng() - 1) * bound;
    }
    return v;
  });
}

/** A net ready to train: parameters as tf.Variables; BN running statistics and SGD momentum as
 * Float32Arrays (train.js updates them in JavaScript). */
export function initNet(tf, arch, seed, values = null) {
  const list = parameterList(arch);
  const init = values || initialValues(arch, seed);
  const params = list.map((p, i) => tf.tidy(() => tf.variable(tf.tensor(init[i], p.shape))));
  const byName = Object.fromEntries(list.map((p, i) => [p.name, params[i]]));
  const running = {}; // BN name -> {mean, variance} (Float32Arrays): 0 and 1 as in PyTorch
  for (const p of list) {
    if (p.kind === "ones") {
      const bn = p.name.slice(0, -".weight".length);
      const c = p.shape[0];
      running[bn] = { mean: new Float32Array(c), variance: new Float32Array(c).fill(1) };
    }
  }
  return { arch, list, params, byName, running, momentum: null };
}

export function disposeNet(net) {
  net.params.forEach((p) => p.dispose());
}

const bnCache = new Map(); // one customGrad per tf instance
export const BN = { closedForm: true }; // false: tf derives BN's gradient (slower; tests)
const moments = { wanted: false, last: null }; // the last BN's batch mean and variance, if wanted

/** Means over N, H, W of x (N, H, W, C), as a Float32Array (C): one average pooling of x seen
 * as a single (N, H*W) image. On wasm that is 3x to 5x faster than summing (the Sum kernel
 * transposes its input first), and BN needs means anyway. */
export function channelMeans(tf, x) {
  const [n, h, w, c] = x.shape;
  const means = tf.tidy(() => tf.avgPool(tf.reshape(x, [1, n, h * w, c]), [n, h * w], 1, "valid"));
  const values = means.dataSync();
  means.dispose();
  return values;
}

/** v (C) laid out as (1, H, W, C) for x (N, H, W, C): every pixel gets its channel's value.
 * x op perPixel(v) is the same arithmetic as x op v, value for value, but on wasm 3x to 4x
 * faster at C = 8: XNNPACK then broadcasts over N rows of H*W*C values, not N*H*W rows of C.
 * Built in JavaScript: tf's Tile kernel costs more than the broadcast it would save.
 * v: a tensor or a Float32Array. */
export function perPixel(tf, v, [, h, w, c]) {
  const values = v instanceof Float32Array ? v : v.dataSync(), out = new Float32Array(h * w * c);
  for (let i = 0; i < h * w; i++) out.set(values, i * c);
  return tf.tensor(out, [1, h, w, c]);
}

/** float32 rounding: the arithmetic done in JavaScript rounds as tf's float32 kernels do. */
export const f32 = Math.fround;

/** BN in training mode with its closed-form gradient (2.5x faster than letting tf derive it).
 * With d = x - mean, a = gamma * invStd and mean(.) a channel's mean over N, H, W:
 *   y = d * a + beta,   dx = a * dy - a * (mean(dy) + d * invStd^2 * mean(dy * d)),
 *   dbeta = m * mean(dy),   dgamma = m * mean(dy * d) * invStd   (m values per channel),
 * so xhat is never materialised. The means are tf's (channelMeans); the arithmetic on their C
 * values is done in JavaScript on Float32Arrays, each step rounded to float32 as tf's kernels
 * round it (bn.test.js: the same numbers as these formulas in tf ops, bit for bit). */
export function bnTrainOp(tf) {
  if (bnCache.has(tf)) return bnCache.get(tf);
  const op = tf.customGrad((x, gamma, beta, save) => {
    const m = x.size / x.shape[3];
    const mean = channelMeans(tf, x);
    const d = tf.sub(x, perPixel(tf, mean, x.shape));
    const variance = channelMeans(tf, tf.square(d)); // biased: it normalises
    if (moments.wanted) moments.last = [mean, variance];
    const eps = f32(BN_EPS);
    const invStd = variance.map((v) => 1 / f32(Math.sqrt(f32(v + eps)))); // as tf.rsqrt on wasm
    const g = gamma.dataSync();
    const a = invStd.map((inv, c) => g[c] * inv);
    save([d]);
    return {
      value: tf.add(tf.mul(d, perPixel(tf, a, x.shape)), perPixel(tf, beta, x.shape)),
      gradFunc: (dy, [dd]) => {
        const meanDy = channelMeans(tf, dy), meanDyd = channelMeans(tf, tf.mul(dy, dd));
        const perD = meanDyd.map((s, c) => -f32(a[c] * f32(f32(invStd[c] * invStd[c]) * s)));
        const shift = meanDy.map((s, c) => -f32(a[c] * s));
        const dx = tf.add(tf.add(tf.mul(dy, perPixel(tf, a, dy.shape)),
          tf.mul(dd, perPixel(tf, perD, dy.shape))), perPixel(tf, shift, dy.shape));
        const dgamma = meanDyd.map((s, c) => f32(s * m) * invStd[c]);
        return [dx, tf.tensor1d(dgamma), tf.tensor1d(meanDy.map((s) => s * m))];
      },
    };
  });
  bnCache.set(tf, op);
  return op;
}

/** BN written as plain ops, for tf to differentiate: the tests' reference for bnTrainOp. */
function bnAutodiff(tf, x, gamma, beta) {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (moments.wanted) moments.last = [mean.dataSync(), variance.dataSync()];
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, BN_EPS))), gamma), beta);
}

/** BN of one layer; in training mode it also returns the batch statistics for the running ones. */
function batchNorm(tf, net, name, x, training, stats) {
  const gamma = net.byName[`${name}.weight`];
  const beta = net.byName[`${name}.bias`];
  if (!training) {
    const r = net.running[name];
    return tf.tidy(() => tf.batchNorm(x, tf.tensor1d(r.mean), tf.tensor1d(r.variance), beta, gamma,
      BN_EPS));
  }
  moments.wanted = stats !== null;
  const y = BN.closedForm ? bnTrainOp(tf)(x, gamma, beta) : bnAutodiff(tf, x, gamma, beta);
  if (stats) { // [name, mean, variance (Float32Arrays), factor]: the running variance is unbiased
    const m = x.shape[0] * x.shape[1] * x.shape[2];
    stats.push([name, ...moments.last, m / Math.max(m - 1, 1)]);
    moments.last = null;
  }
  return y;
}

/** conv (3x3, padding 1 on every side as PyTorch's padding=1) then BN. */
function convBn(tf, net, conv, convName, bnName, x, training, stats) {
  const y = tf.conv2d(x, net.byName[`${convName}.weight`], conv.stride, conv.k >> 1);
  return batchNorm(tf, net, bnName, y, training, stats);
}

/** Option A (§3.3): identity, subsampled by 2, with zero channels appended (ZeroPadShortcut). */
export function optionA(tf, x, stride, extra) {
  let y = x;
  if (stride === 2) {
    // x[:, ::2, ::2, :] without stridedSlice (which has no gradient in tf.js): fold each 2x2
    // neighbourhood into the last axes and keep its top-left pixel. Maps here are even-sized.
    // Rank 4, not 5: the wasm backend slices a rank-5 tensor element by element in generic
    // code, 7 to 15 ms a call, which made a ResNet's step a third slower than its plain twin's.
    const [n, h, w, c] = x.shape;
    y = tf.reshape(tf.slice(tf.reshape(x, [n * h / 2, 2, w / 2, 2 * c]), [0, 0, 0, 0],
      [n * h / 2, 1, w / 2, c]), [n, h / 2, w / 2, c]);
  }
  return extra ? tf.pad(y, [[0, 0], [0, 0], [0, 0], [0, extra]]) : y;
}

/** Logits (N, classes) of images x (N, H, W, C). `stats` (training only) collects BN statistics. */
export function forward(tf, net, x, training, stats = null) {
  const { arch } = net;
  let h = tf.relu(convBn(tf, net, arch.stem, "stem.0", "stem.1", x, training, stats));
  for (const block of arch.blocks) {
    const [a, b] = block.layers;
    let out = tf.relu(convBn(tf, net, a, `${a.name}.0`, `${a.name}.1`, h, training, stats));
    out = convBn(tf, net, b, `${b.name}.0`, `${b.name}.1`, out, training, stats); // F(x)
    if (block.shortcut) out = tf.add(out, optionA(tf, h, block.shortcut.stride, block.shortcut.extra));
    h = tf.relu(out); // the second ReLU after the addition (§3.2)
  }
  const pooled = tf.mean(h, [1, 2]); // global average pooling: (N, features)
  return tf.add(tf.matMul(pooled, net.byName["fc.weight"]), net.byName["fc.bias"]);
}
