/* ResNet, Interactively: the rule of chapter 3's shape checker, as shortcuts.check_shapes has it.
   Pure computation, no DOM: the page (page_tools.js) and a test in Node both call checkShapes,
   and tests/test_page_tools.py checks it against the Python function, message for message.
   Values are numbers (whole numbers typed) or the text as typed; limits come from Python. */
(function (root) {
  "use strict";
  var repr = function (v) {  // as Python's repr() writes an int, a float or a str
    if (typeof v === "string") { return "'" + v + "'"; }
    if (typeof v === "boolean") { return v ? "True" : "False"; }
    if (v === null || v === undefined) { return "None"; }
    return String(v);
  };
  var whole = function (v) { return typeof v === "number" && Number.isInteger(v); };
  var grouped = function (n) { return Math.round(n).toLocaleString("en-US"); };
  var conv = function (size, kernel, stride, pad) {
    return Math.floor((size + 2 * pad - kernel) / stride) + 1;
  };

  function problem(inC, outC, stride, option, size, L) {
    var checks = [["in_channels", inC, L.max_channels, "16 or 64"],
                  ["size", size, L.max_size, "8 (the default) or 32"],
                  ["out_channels", outC, L.max_channels, "32 or 128"]];
    for (var i = 0; i < checks.length; i++) {
      var name = checks[i][0], value = checks[i][1], high = checks[i][2];
      if (value === null || value === undefined ||
          (typeof value === "string" && value.trim() === "")) {
        return "❌ " + name + " is empty: type a whole number from 1 to " + high + ", such as " +
          checks[i][3] + ".";
      }
      if (!whole(value) || value < 1 || value > high) {
        return "❌ " + name + " must be a whole number from 1 to " + high + ", such as " +
          checks[i][3] + "; got " + repr(value) + ".";
      }
    }
    if (stride !== 1 && stride !== 2) {
      return "❌ stride must be 1 (same map size) or 2 (halve the map, §3.3); got " +
        repr(stride) + ".";
    }
    var upper = typeof option === "string" ? option.trim().toUpperCase() : null;
    if (["IDENTITY", "A", "B", "C"].indexOf(upper) < 0) {
      return "❌ option must be one of " + L.options.join(", ") + "; got " + repr(option) +
        ". The paper compares A, B and C (§4.1); there is no option D.";
    }
    var macs = 9 * size * size * (inC + outC) * outC;
    if (macs > L.max_macs) {
      return "❌ " + inC + " → " + outC + " channels of " + size + "×" + size + " takes about " +
        grouped(macs / 1e9) + " billion multiply-adds, too slow to check here (the limit is " +
        Math.round(L.max_macs / 1e9) + " billion): use fewer channels or a smaller size, such as 8.";
    }
    return null;
  }

  function checkShapes(inC, outC, stride, option, size, L) {
    var result = { ok: false, option: option, input: null, branch: null, shortcut: null };
    var message = problem(inC, outC, stride, option, size, L);
    if (message) { result.message = message; return result; }
    option = option.trim().length === 1 ? option.trim().toUpperCase() : "identity";
    result.option = option;
    var h = conv(conv(size, 3, stride, 1), 3, 1, 1);  // F(x): two 3x3 convs, stride on the first
    result.input = [1, inC, size, size];
    result.branch = [1, outC, h, h];
    result.branch_params = 9 * inC * outC + 2 * outC + 9 * outC * outC + 2 * outC;
    if (option === "A" && outC < inC) {
      result.message = "❌ Option A can only add channels (zeros), not remove them: " + inC +
        " → " + outC + ". Use option B or C (a 1×1 projection).";
      return result;
    }
    var changes = stride !== 1 || inC !== outC, s;
    if (option === "C" || (option === "B" && changes)) {  // make_shortcut: a 1x1 projection
      s = conv(size, 1, stride, 0);
      result.shortcut = [1, outC, s, s];
      result.shortcut_params = inC * outC + 2 * outC;
      result.shortcut_kind = "1×1 conv W_s (stride " + stride + ") + BN";
    } else if (option === "A" && changes) {  // zero padding, every stride-th pixel
      s = Math.ceil(size / stride);
      result.shortcut = [1, outC, s, s];
      result.shortcut_params = 0;
      result.shortcut_kind = "zero padding: +" + (outC - inC) + " channels, stride " + stride;
    } else {
      result.shortcut = [1, inC, size, size];
      result.shortcut_params = 0;
      result.shortcut_kind = "identity: x as it is";
    }
    var fx = result.branch, sx = result.shortcut;
    result.ok = fx.join() === sx.join();
    if (result.ok) {
      result.message = "✅ They add up: y = relu(F(x) + shortcut(x)) is " + fx[1] +
        " channels of " + fx[2] + "×" + fx[3] + ".";
      return result;
    }
    var what = [];
    if (fx[1] !== sx[1]) { what.push("channels " + fx[1] + " vs " + sx[1]); }
    if (fx[2] !== sx[2] || fx[3] !== sx[3]) {
      what.push("map " + fx[2] + "×" + fx[3] + " vs " + sx[2] + "×" + sx[3]);
    }
    result.message = "❌ Cannot add: " + what.join(", ") + ". An identity shortcut needs the " +
      "same shape on both paths; use option A, B or C.";
    return result;
  }

  /* What the reader typed: a whole number becomes a number, anything else stays text. */
  function parseValue(text) {
    var t = String(text).trim();
    return /^[+-]?\d+$/.test(t) ? parseInt(t, 10) : String(text);
  }

  var api = { checkShapes: checkShapes, parseValue: parseValue };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  else { root.ResNetShapeRule = api; }
}(this));
