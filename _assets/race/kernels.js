// The wasm backend of TensorFlow.js 4.22 has no Conv2DBackpropFilter kernel, so a conv net cannot
// train on it as shipped. This registers one, built from the backend's own forward kernels: the
// filter gradient is a convolution of the (padded) input with the output gradient, batch and
// channels swapped, the stride becoming a dilation. tests/js/kernels.test.js checks it against
// the 'cpu' backend's gradients.

function run(tf, backendName, name, inputs, attrs, backend) {
  return tf.getKernel(name, backendName).kernelFunc({ inputs, attrs, backend });
}

/** dW[kh, kw, ci, co] = sum over n, y, x of xPadded[n, y*s + kh, x*s + kw, ci] * dy[n, y, x, co]. */
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
    // (N, H, W, Ci) -> (Ci, H+pads, W+pads, N): channels become the batch, images the channels
    const padded = call("PadV2", { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]],
      constantValue: 0 });
    const xT = call("Transpose", { x: padded }, { perm: [3, 1, 2, 0] });
    const dyT = call("Transpose", { x: dy }, { perm: [1, 2, 0, 3] }); // (Ho, Wo, N, Co): a filter
    const full = call("Conv2D", { x: xT, filter: dyT }, { strides: [1, 1], pad: "valid",
      dataFormat: "NHWC", dilations: [info.strideHeight, info.strideWidth] }); // (Ci, >=kh, >=kw, Co)
    const cut = call("Slice", { x: full }, { begin: [0, 0, 0, 0],
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
