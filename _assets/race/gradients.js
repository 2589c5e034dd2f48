// Gradients of the ops the race's nets use. The tf-core browser bundle registers no gradients
// (the union "@tensorflow/tfjs" bundle does, in 1.4 MB), so we register these eight, written as
// tfjs-core 4.22's own src/gradients/*_grad.ts. tests/js/gradients.test.js compares them with
// the official ones; BN and the loss bring their own (tf.customGrad, in nn.js and train.js).

/** A filter (kh, kw, in, out) turned 180 degrees, in and out swapped: (kh, kw, out, in). Only a
 * permutation of its values, so done in JavaScript: tf's Reverse and Transpose kernels cost
 * about 150 us a filter on wasm, a tenth of the convolution they serve. */
export function turned(tf, filter) {
  const [kh, kw, cin, cout] = filter.shape;
  const v = filter.dataSync(), out = new Float32Array(v.length);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout, to = (i * kw + j) * cout * cin;
      for (let a = 0; a < cin; a++) {
        for (let b = 0; b < cout; b++) out[to + b * cin + a] = v[from + a * cout + b];
      }
    }
  }
  return tf.tensor(out, [kh, kw, cout, cin]);
}

export function gradientConfigs(tf) {
  const { getReductionAxes, assertAndGetBroadcastShape } = tf.backend_util;
  const unbroadcast = (dy, shape, outShape) => {
    const axes = getReductionAxes(shape, outShape);
    return tf.reshape(axes.length ? tf.sum(dy, axes) : dy, shape);
  };
  return [
    { kernelName: "Conv2D", inputsToSave: ["x", "filter"], gradFunc: (dy, [x, filter], attrs) => {
      const { strides, pad, dataFormat, dimRoundingMode } = attrs;
      const [kh, kw] = filter.shape;
      const one = [].concat(strides).every((s) => s === 1);
      return {
        // stride 1 and "same" padding (all of the race's stride-1 convs): the input gradient is
        // a forward conv of dy with the filter turned 180 degrees, in and out swapped; on wasm
        // that is about twice as fast as the backend's Conv2DBackpropInput kernel
        x: () => (one && kh === kw && kh % 2 && (pad === (kh >> 1) || pad === "same")
          ? tf.conv2d(dy, turned(tf, filter), 1, kh >> 1)
          : tf.engine().runKernel("Conv2DBackpropInput", { dy, filter },
            { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape })),
        filter: () => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy },
          { strides, pad, dataFormat, dimRoundingMode, filterShape: filter.shape }),
      };
    } },
    { kernelName: "Relu", inputsToSave: ["x"],
      gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.step(x)) }) }, // step(x): float32 as x
    { kernelName: "Add", inputsToSave: ["a", "b"], gradFunc: (dy, [a, b]) => {
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return { a: () => unbroadcast(dy, a.shape, out), b: () => unbroadcast(dy, b.shape, out) };
    } },
    { kernelName: "Mean", inputsToSave: ["x"], gradFunc: (dy, [x], { axis }) => {
      const axes = tf.util.parseAxisParam(axis, x.shape);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((n, i) => n * x.shape[i], 1);
      return { x: () => tf.div(tf.mul(tf.reshape(dy, kept), tf.ones(x.shape)), count) };
    } },
    { kernelName: "BatchMatMul", inputsToSave: ["a", "b"],
      gradFunc: (dy, [a, b], { transposeA, transposeB }) => {
        if (transposeA || transposeB) throw new Error("transposed matMul has no gradient here");
        return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
      } },
    { kernelName: "Reshape", inputsToSave: ["x"],
      gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy, x.shape) }) },
    { kernelName: "Slice", inputsToSave: ["x"], gradFunc: (dy, [x], { begin, size }) => {
      const [b, s] = tf.slice_util.parseSliceParams(x, begin, size);
      return { x: () => tf.pad(dy, x.shape.map((d, i) => [b[i], d - b[i] - s[i]])) };
    } },
    { kernelName: "PadV2", inputsToSave: ["x"], gradFunc: (dy, [x], { paddings }) =>
      ({ x: () => tf.slice(dy, paddings.map((p) => p[0]), x.shape) }) },
  ];
}

/** Register the gradients the race needs where none is registered yet (all, in the browser). */
export function registerGradients(tf) {
  for (const config of gradientConfigs(tf)) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
}
