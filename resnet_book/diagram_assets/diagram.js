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
}());
