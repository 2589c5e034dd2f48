// The wasm backend of TensorFlow.js 4.22 has no Conv2DBackpropFilter kernel, so a conv net cannot
// train on it as shipped. This registers one, built from the backend's own forward kernels: the
// filter gradient is a convolution of the input (padded by the convolution itself) with the
// output gradient, batch and channels swapped, the stride becoming a dilation.
// tests/js/kernels.test.js checks it against the 'cpu' backend's gradients.

function run(tf, backendName, name, inputs, attrs, backend) {
  return tf.getKernel(name, backendName).kernelFunc({ inputs, attrs, backend });
}

/** dW[kh, kw, ci, co] = sum over n, y, x of xPadded[n, y*s + kh, x*s + kw, ci] * dy[n, y, x, co];
 * the Conv2D pads x itself (explicit padding), so no PadV2 copy; Slice only where it trims. */
export function conv2DBackpropFilter(tf, backendName) {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    const { strides, pad, dimRoundingMode, filterShape } = attrs;
    if ((attrs.dataFormat || "NHWC") !== "NHWC") throw new Error("only NHWC is supported");
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad,
      dimRoundingMode, false, "channelsLast");
    const { top, bottom, left, right } = info.padInfo;
    const [kh, kw] = filterShape;
    const temps = [];
    const keep = (t) => { temps.push(t); return t; };
    const call = (name, ins, at) => keep(run(tf, backendName, name, ins, at, backend));
    // (N, H, W, Ci) -> (Ci, H, W, N): channels become the batch, images the channels; the
    // convolution pads the input itself (a separate PadV2 cost as much as the convolution)
    const xT = call("Transpose", { x }, { perm: [3, 1, 2, 0] });
    const dyT = call("Transpose", { x: dy }, { perm: [1, 2, 0, 3] }); // (Ho, Wo, N, Co): a filter
    const full = call("Conv2D", { x: xT, filter: dyT }, { strides: [1, 1],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: "NHWC",
      dilations: [info.strideHeight, info.strideWidth] }); // (Ci, >=kh, >=kw, Co)
    const cut = full.shape[1] === kh && full.shape[2] === kw ? full
      : call("Slice", { x: full }, { begin: [0, 0, 0, 0],
        size: [full.shape[0], kh, kw, full.shape[3]] });
    const dw = run(tf, backendName, "Transpose", { x: cut }, { perm: [1, 2, 0, 3] }, backend);
    temps.forEach((t) => backend.disposeData(t.dataId));
    return dw; // (kh, kw, Ci, Co)
  };
}

/** Register the missing kernels on a backend (once; later calls do nothing). */
export function registerMissingKernels(tf, backendName = "wasm") {
  if (!tf.getKernel("Conv2DBackpropFilter", backendName)) {
    tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName,
      kernelFunc: conv2DBackpropFilter(tf, backendName) });
  }
}
