/* ResNet, Interactively: hover, tap or focus a layer of a diagram to read its shape and
   parameters (inlined by resnet_book/diagrams.py; no network). The numbers are the data-*
   attributes the package wrote when it walked the net; this file only shows them.
   Safe to run many times on one page: one set of listeners serves every diagram. */
(function () {
  "use strict";
  if (window.ResNetDiagram) { return; }
  window.ResNetDiagram = { version: 1 };
  var KINDS = { "identity": "identity shortcut", "zero-pad": "option A shortcut (zero padding)",
                "projection": "projection shortcut" };
  var number = function (text) { return Number(text).toLocaleString("en-US"); };
  var describe = function (el) {
    var d = el.dataset;
    if (el.classList.contains("rd-shortcut")) {
      var what = KINDS[d.kind] + (d.kind === "identity" ? "" : ": " + d.label);
      return what + " → output " + d.shape + ", " + number(d.params) + " parameters";
    }
    var bn = d.bn ? " (conv + BN)" : "";
    return d.label + " → output " + d.shape + ", " + number(d.params) + " parameters" + bn;
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
