/* ResNet, Interactively: the rule of chapter 3's shape checker, as shortcuts.check_shapes has it.
   Pure computation, no DOM: the page (page_tools.js) and a test in Node both call checkShapes,
   and tests/test_page_tools.py checks it against the Python function, message for message.
   Values are numbers (whole numbers typed) or the text as typed; limits come from Python.
   Every message is a template for t(text, values): in Node and on an English page t only
   fills in the values; the Chinese page passes its own t, which looks the template up first. */
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
  var english = function (text, values) {  // t when none is given: the English, filled in
    return text.replace(/\{(\w+)\}/g, function (m, k) {
      return values && k in values ? String(values[k]) : m;
    });
  };
  var conv = function (size, kernel, stride, pad) {
    return Math.floor((size + 2 * pad - kernel) / stride) + 1;
  };

  function problem(inC, outC, stride, option, size, L, t) {
    var checks = [[t("in_channels"), inC, L.max_channels, t("16 or 64")],
                  [t("size"), size, L.max_size, t("8 (the default) or 32")],
                  [t("out_channels"), outC, L.max_channels, t("32 or 128")]];
    for (var i = 0; i < checks.length; i++) {
      var v = { name: checks[i][0], high: checks[i][2], examples: checks[i][3] };
      var value = checks[i][1];
      if (value === null || value === undefined ||
          (typeof value === "string" && value.trim() === "")) {
        return t("❌ {name} is empty: type a whole number from 1 to {high}, such as {examples}.",
                 v);
      }
      if (!whole(value) || value < 1 || value > v.high) {
        v.value = repr(value);
        return t("❌ {name} must be a whole number from 1 to {high}, such as {examples}; " +
                 "got {value}.", v);
      }
    }
    if (stride !== 1 && stride !== 2) {
      return t("❌ stride must be 1 (same map size) or 2 (halve the map, §3.3); got {value}.",
               { value: repr(stride) });
    }
    var upper = typeof option === "string" ? option.trim().toUpperCase() : null;
    if (["IDENTITY", "A", "B", "C"].indexOf(upper) < 0) {
      return t("❌ option must be one of {options}; got {value}. The paper compares A, B and C " +
               "(§4.1); there is no option D.", { options: L.options.join(", "),
                                                   value: repr(option) });
    }
    var macs = 9 * size * size * (inC + outC) * outC;
    if (macs > L.max_macs) {
      return t("❌ {in} → {out} channels of {size}×{size} takes about {macs} billion " +
               "multiply-adds, too slow to check here (the limit is {limit} billion): use " +
               "fewer channels or a smaller size, such as 8.",
               { in: inC, out: outC, size: size, macs: grouped(macs / 1e9),
                 limit: Math.round(L.max_macs / 1e9) });
    }
    return null;
  }

  /* The shapes of F(x) and of the shortcut, as shortcuts.check_shapes returns them. T (optional)
     translates a message template; without it the messages are Python's, word for word. */
  function checkShapes(inC, outC, stride, option, size, L, t) {
    t = t || english;
    var result = { ok: false, option: option, input: null, branch: null, shortcut: null };
    var message = problem(inC, outC, stride, option, size, L, t);
    if (message) { result.message = message; return result; }
    option = option.trim().length === 1 ? option.trim().toUpperCase() : "identity";
    result.option = option;
    var h = conv(conv(size, 3, stride, 1), 3, 1, 1);  // F(x): two 3x3 convs, stride on the first
    result.input = [1, inC, size, size];
    result.branch = [1, outC, h, h];
    result.branch_params = 9 * inC * outC + 2 * outC + 9 * outC * outC + 2 * outC;
    if (option === "A" && outC < inC) {
      result.message = t("❌ Option A can only add channels (zeros), not remove them: {in} → " +
                         "{out}. Use option B or C (a 1×1 projection).", { in: inC, out: outC });
      return result;
    }
    var changes = stride !== 1 || inC !== outC, s;
    if (option === "C" || (option === "B" && changes)) {  // make_shortcut: a 1x1 projection
      s = conv(size, 1, stride, 0);
      result.shortcut = [1, outC, s, s];
      result.shortcut_params = inC * outC + 2 * outC;
      result.shortcut_kind = t("1×1 conv W_s (stride {stride}) + BN", { stride: stride });
    } else if (option === "A" && changes) {  // zero padding, every stride-th pixel
      s = Math.ceil(size / stride);
      result.shortcut = [1, outC, s, s];
      result.shortcut_params = 0;
      result.shortcut_kind = t("zero padding: +{extra} channels, stride {stride}",
                               { extra: outC - inC, stride: stride });
    } else {
      result.shortcut = [1, inC, size, size];
      result.shortcut_params = 0;
      result.shortcut_kind = t("identity: x as it is");
    }
    var fx = result.branch, sx = result.shortcut;
    result.ok = fx.join() === sx.join();
    if (result.ok) {
      result.message = t("✅ They add up: y = relu(F(x) + shortcut(x)) is {channels} channels " +
                         "of {h}×{w}.", { channels: fx[1], h: fx[2], w: fx[3] });
      return result;
    }
    var what = [];
    if (fx[1] !== sx[1]) { what.push(t("channels {a} vs {b}", { a: fx[1], b: sx[1] })); }
    if (fx[2] !== sx[2] || fx[3] !== sx[3]) {
      what.push(t("map {h}×{w} vs {h2}×{w2}", { h: fx[2], w: fx[3], h2: sx[2], w2: sx[3] }));
    }
    if (what.length > 1) { what = [t("{first}, {second}", { first: what[0], second: what[1] })]; }
    result.message = t("❌ Cannot add: {what}. An identity shortcut needs the same shape on " +
                       "both paths; use option A, B or C.", { what: what[0] });
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
