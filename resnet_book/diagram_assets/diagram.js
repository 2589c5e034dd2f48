/* ResNet, Interactively: hover, tap or focus a layer of a diagram to read its shape and
   parameters (inlined by resnet_book/diagrams.py; no network). The numbers are the data-*
   attributes the package wrote when it walked the net; this file only shows them.
   Safe to run many times on one page: one set of listeners serves every diagram.
   Words: t(text, values) (words.js) is the Chinese on a Chinese page, from the JSON that
   diagrams.py embeds (resnet_book.i18n). A layer's own label ("3x3 conv, 128, /2") is the
   paper's notation, as the diagram draws it. */
(function () {
  "use strict";
  if (window.ResNetDiagram) { return; }
  window.ResNetDiagram = { version: 1 };
  var ZH = /^zh/i.test(document.documentElement.lang);
  var t = window.ResNetWords.t;  // words.js, inlined before this script
  var number = function (text) { return Number(text).toLocaleString("en-US"); };
  var shortcut = function (d) {
    if (d.kind === "identity") { return t("identity shortcut"); }
    if (d.kind === "projection") { return t("projection shortcut: {label}", { label: d.label }); }
    var pad = /^\+(\d+) zero channels(.*)$/.exec(d.label);  // "+64 zero channels, /2"
    var label = pad ? t("+{n} zero channels", { n: pad[1] }) + pad[2] : d.label;
    return t("option A shortcut (zero padding): {label}", { label: label });
  };
  var describe = function (el) {
    var d = el.dataset, v = { shape: d.shape, params: number(d.params) };
    if (el.classList.contains("rd-shortcut")) {
      v.what = shortcut(d);
      return t("{what} → output {shape}, {params} parameters", v);
    }
    v.what = d.label;
    return d.bn ? t("{what} → output {shape}, {params} parameters (conv + BN)", v)
      : t("{what} → output {shape}, {params} parameters", v);
  };
  var show = function (event) {
    var target = event.target;
    var el = target && target.closest ? target.closest(".rd-layer, .rd-shortcut") : null;
    if (!el) { return; }
    var root = el.closest(".rd-diagram");
    if (!root) { return; }
    Array.prototype.forEach.call(root.querySelectorAll(".rd-on"), function (on) {
      on.classList.remove("rd-on");
    });
    el.classList.add("rd-on");
    root.querySelector(".rd-info").textContent = describe(el);
  };
  /* A Chinese page: the words drawn in each diagram (a net's title, its input, an arc's label)
     and each box's tooltip in Chinese; Table 1's notation ("3x3 conv, 64", "relu") stays. */
  var DRAWN = [
    [/^input (.+)$/, function (m) { return t("input {shape}", { shape: m[1] }); }],
    [/^⋯ continued$/, function () { return t("⋯ continued"); }],
    [/^continued ⋯$/, function () { return t("continued ⋯"); }],
    [/^(\d+)-layer residual(.*)$/, function (m) {
      return t("{n}-layer residual", { n: m[1] }) + m[2];
    }],
    [/^(\d+)-layer plain(.*)$/, function (m) { return t("{n}-layer plain", { n: m[1] }) + m[2]; }],
    [/^option ([ABC])$/, function (m) { return t("option {name}", { name: m[1] }); }],
    [/^identity$/, function () { return t("identity"); }],
    [/^\+(\d+) zero channels(.*)$/, function (m) {
      return t("+{n} zero channels", { n: m[1] }) + m[2];
    }],
    [/^(\d+) channels of x \(every 2nd pixel\) \+ (\d+) of zeros$/, function (m) {
      return t("{kept} channels of x (every 2nd pixel) + {zeros} of zeros",
               { kept: m[1], zeros: m[2] });
    }],
    [/^basic, (.+)$/, function (m) { return t("basic, {width}", { width: m[1] }); }],
    [/^bottleneck, (.+)$/, function (m) { return t("bottleneck, {width}", { width: m[1] }); }],
    [/^(.+)-d in$/, function (m) { return t("{width}-d in", { width: m[1] }); }]
  ];
  var translate = function () {
    Array.prototype.forEach.call(document.querySelectorAll(".rd-diagram:not([data-rd-zh])"),
      function (root) {
        root.setAttribute("data-rd-zh", "1");
        Array.prototype.forEach.call(root.querySelectorAll("svg text"), function (el) {
          for (var i = 0; i < DRAWN.length; i++) {
            var m = DRAWN[i][0].exec(el.textContent);
            if (m) { el.textContent = DRAWN[i][1](m); return; }
          }
        });
        Array.prototype.forEach.call(root.querySelectorAll(".rd-layer, .rd-shortcut"),
          function (el) {
            var title = el.querySelector("title");
            if (title) { title.textContent = describe(el); }
          });
      });
  };
  if (ZH) {  // every diagram of the page, once the page is read (this runs at the first one)
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", translate);
    } else {
      translate();
    }
  }
  ["mouseover", "focusin", "click"].forEach(function (name) {
    document.addEventListener(name, show);
  });
  /* The arrow keys walk the diagram: each net's boxes in order, a block's arc after its last
     box, then the next net. Only the first box of a net is a Tab stop. */
  var order = function (svg) {
    var items = [];
    Array.prototype.forEach.call(svg.querySelectorAll(".rd-net"), function (net, n) {
      Array.prototype.forEach.call(net.querySelectorAll(".rd-layer, .rd-shortcut"), function (el) {
        var arc = el.classList.contains("rd-shortcut") ? 1 : 0;
        items.push({ el: el, key: [n, Number(el.dataset.index), arc] });
      });
    });
    items.sort(function (a, b) {
      for (var i = 0; i < 3; i++) { if (a.key[i] !== b.key[i]) { return a.key[i] - b.key[i]; } }
      return 0;
    });
    return items.map(function (item) { return item.el; });
  };
  var STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -1e9, End: 1e9 };
  document.addEventListener("keydown", function (event) {
    var el = event.target, step = STEP[event.key];
    if (!step || !el.closest || !el.closest(".rd-layer, .rd-shortcut")) { return; }
    var svg = el.closest("svg"), items = order(svg), at = items.indexOf(el);
    var next = items[Math.max(0, Math.min(items.length - 1, at + step))];
    event.preventDefault();  // the page does not scroll; the focus moves
    if (next && next !== el) { next.focus(); }
  });
}());
