// BN's per-channel broadcasts, laid out per pixel (nn.js perPixel), give tf's broadcast against
// (C) value for value, on 'wasm' and 'cpu', at the race's three map sizes.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { perPixel } from "../../_assets/race/nn.js";
import { makeRng, normal } from "../../_assets/race/rng.js";

const rng = makeRng(11);
const randn = (shape) => tf.tensor(Float32Array.from(
  { length: shape.reduce((a, b) => a * b, 1) }, () => normal(rng) * 3), shape);

for (const backend of ["wasm", "cpu"]) {
  test(`x op perPixel(v) = x op v, bit for bit, on ${backend}`, async () => {
    await tf.setBackend(backend);
    for (const shape of [[16, 8, 8, 8], [16, 4, 4, 16], [16, 2, 2, 32], [5, 3, 3, 2]]) {
      const x = randn(shape), v = randn([shape[3]]), tiled = perPixel(tf, v, shape);
      assert.deepEqual(tiled.shape, [1, shape[1], shape[2], shape[3]]);
      for (const op of ["add", "sub", "mul"]) {
        const want = tf[op](x, v).dataSync(), got = tf[op](x, tiled).dataSync();
        assert.ok(want.every((w, i) => Object.is(w, got[i])), `${backend} ${op} ${shape}`);
      }
    }
  });
}
