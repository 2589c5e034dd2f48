/* ResNet, Interactively: the shape checker (ch. 3) and the architecture explorer (ch. 4) in the
   page (inlined by resnet_book/page_tools.py; no network, no kernel). The explorer only shows
   the JSON table Python computed when the book was built; the checker calls shape_rule.js.
   Safe to run many times on one page: each tool is set up once.
   Words: t(text, values) (words.js) is the Chinese on a Chinese page, from the JSON that
   page_tools.py embeds (resnet_book.i18n). */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var t = window.ResNetWords.t;  // words.js, inlined before this script
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
                               field(".rp-option").value, limits.size, limits, t);
      var rows = "";
      if (r.input) {
        rows += "<tr><th>" + esc(t("input x")) + "</th><td>" + tuple(r.input) +
          "</td><td></td></tr>";
        rows += "<tr><th>F(x)</th><td>" + tuple(r.branch) + "</td><td>" +
          esc(t("2 × (3×3 conv + BN): {params} params", { params: num(r.branch_params) })) +
          "</td></tr>";
        if (r.shortcut) {
          var option = r.option === "identity" ? t("identity") : r.option;
          rows += "<tr><th>" + esc(t("shortcut ({option})", { option: option })) + "</th><td>" +
            tuple(r.shortcut) + "</td><td>" + esc(t("{kind}: {params} params",
              { kind: r.shortcut_kind, params: num(r.shortcut_params) })) + "</td></tr>";
        }
      }
      field(".rp-result").innerHTML =
        (rows ? '<div class="rp-scroll"><table class="rp-table">' + rows + "</table></div>" : "") +
        '<p class="rp-message ' + (r.ok ? "rp-ok" : "rp-bad") + '">' + esc(r.message) + "</p>";
      tool.setAttribute("data-ok", r.ok ? "1" : "0");
    };
    each(field(".rp-option").options, function (o) {  // the choice's words (its value stays)
      if (o.value === "identity") { o.textContent = t("identity"); }
    });
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
    // Table 1's words in a block: "7×7, 64, stride 2", "avg pool, fc"; the numbers stay
    var block = function (text) {
      return text === "avg pool, fc" ? t("avg pool, fc") : text.replace(/stride (\d+)/,
        function (m, n) { return t("stride {n}", { n: n }); });
    };
    each(select.options, function (o, i) {  // "50-layer (ImageNet)", in the page's words
      o.textContent = t("{depth}-layer ({dataset})",
                        { depth: table.depths[i][0], dataset: table.depths[i][1] });
    });
    var update = function () {
      var rows = table.nets[select.value + "-" + kind()], params = 0, macs = 0;
      var html = '<div class="rp-scroll"><table class="rp-table"><thead><tr><th>' +
        esc(t("layer")) + "</th><th>" + esc(t("output")) + "</th><th>" + esc(t("block")) +
        "</th><th>" + esc(t("params")) + "</th><th>" + esc(t("mult-adds")) +
        "</th></tr></thead><tbody>";
      rows.forEach(function (r) {
        params += r.params; macs += r.macs;
        html += "<tr><th>" + esc(r.layer) + "</th><td>" + esc(r.output) + "</td><td>" +
          esc(block(r.block)) + '</td><td class="rp-num">' + num(r.params) +
          '</td><td class="rp-num">' + num(r.macs) + "</td></tr>";
      });
      html += '</tbody><tfoot><tr><th colspan="3">' + esc(t("total")) + '</th><td class="rp-num">' +
        num(params) +
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
