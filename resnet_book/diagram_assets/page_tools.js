/* ResNet, Interactively: the shape checker (ch. 3) and the architecture explorer (ch. 4) in the
   page (inlined by resnet_book/page_tools.py; no network, no kernel). The explorer only shows
   the JSON table Python computed when the book was built; the checker calls shape_rule.js.
   Safe to run many times on one page: each tool is set up once. */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var esc = function (s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  };
  var num = function (n) { return Number(n).toLocaleString("en-US"); };
  var tuple = function (shape) { return "(" + shape.join(", ") + ")"; };
  var data = function (tool) { return JSON.parse(tool.querySelector(".rp-data").textContent); };

  function shapeChecker(tool) {
    var limits = data(tool), rule = window.ResNetShapeRule;
    var field = function (cls) { return tool.querySelector(cls); };
    var update = function () {
      var r = rule.checkShapes(rule.parseValue(field(".rp-in").value),
                               rule.parseValue(field(".rp-out").value),
                               rule.parseValue(field(".rp-stride").value),
                               field(".rp-option").value, limits.size, limits);
      var rows = "";
      if (r.input) {
        rows += "<tr><th>input x</th><td>" + tuple(r.input) + "</td><td></td></tr>";
        rows += "<tr><th>F(x)</th><td>" + tuple(r.branch) + "</td><td>2 × (3×3 conv + BN): " +
          num(r.branch_params) + " params</td></tr>";
        if (r.shortcut) {
          rows += "<tr><th>shortcut (" + esc(r.option) + ")</th><td>" + tuple(r.shortcut) +
            "</td><td>" + esc(r.shortcut_kind) + ": " + num(r.shortcut_params) + " params</td></tr>";
        }
      }
      field(".rp-result").innerHTML =
        (rows ? '<div class="rp-scroll"><table class="rp-table">' + rows + "</table></div>" : "") +
        '<p class="rp-message ' + (r.ok ? "rp-ok" : "rp-bad") + '">' + esc(r.message) + "</p>";
      tool.setAttribute("data-ok", r.ok ? "1" : "0");
    };
    each(tool.querySelectorAll("input, select"), function (el) {
      el.addEventListener("input", update);
      el.addEventListener("change", update);
    });
    update();
  }

  function explorer(tool) {
    var table = data(tool), select = tool.querySelector(".rp-depth");
    var kind = function () {
      var on = tool.querySelector('.rp-kind[aria-pressed="true"]');
      return on ? on.getAttribute("data-kind") : "resnet";
    };
    var update = function () {
      var rows = table.nets[select.value + "-" + kind()], params = 0, macs = 0;
      var html = '<div class="rp-scroll"><table class="rp-table"><thead><tr><th>layer</th>' +
        "<th>output</th><th>block</th><th>params</th><th>mult-adds</th></tr></thead><tbody>";
      rows.forEach(function (r) {
        params += r.params; macs += r.macs;
        html += "<tr><th>" + esc(r.layer) + "</th><td>" + esc(r.output) + "</td><td>" +
          esc(r.block) + '</td><td class="rp-num">' + num(r.params) + '</td><td class="rp-num">' +
          num(r.macs) + "</td></tr>";
      });
      html += '</tbody><tfoot><tr><th colspan="3">total</th><td class="rp-num">' + num(params) +
        '</td><td class="rp-num">' + num(macs) + "</td></tr></tfoot></table></div>";
      tool.querySelector(".rp-result").innerHTML = html;
    };
    select.addEventListener("change", update);
    each(tool.querySelectorAll(".rp-kind"), function (button) {
      button.addEventListener("click", function () {
        each(tool.querySelectorAll(".rp-kind"), function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        update();
      });
    });
    update();
  }

  each(document.querySelectorAll(".rp-tool:not([data-rp-ready])"), function (tool) {
    tool.setAttribute("data-rp-ready", "1");
    (tool.classList.contains("rp-shapes") ? shapeChecker : explorer)(tool);
  });
}());
