/* ResNet, Interactively: the words of the book's scripts (the diagrams, the page tools, the
   figure lightbox, the race). t(text, values) looks TEXT up in the page's English -> 中文 JSON
   (script elements of class rb-i18n, from resnet_book.i18n) when the page is Chinese
   (<html lang="zh...">), then fills in its {name} slots from VALUES; a slot with no value stays.
   Defined once, as window.ResNetWords: the book loads this file on every page, and
   resnet_book.i18n inlines it beside each diagram, tool and race (Jupyter has no _static). */
(function () {
  "use strict";
  if (window.ResNetWords) { return; }
  var zh = /^zh/i.test(document.documentElement.lang);
  var scripts = document.getElementsByClassName("rb-i18n"); // live: grows as the page is read
  var words = {}, seen = [];
  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) {
      return values && k in values ? String(values[k]) : m;
    });
  };
  var t = function (text, values) {
    if (zh && seen.length < scripts.length) { // a script's JSON that came since the last call
      Array.prototype.forEach.call(scripts, function (s) {
        if (seen.indexOf(s) < 0) { seen.push(s); Object.assign(words, JSON.parse(s.textContent)); }
      });
    }
    return fill(words[text] || text, values);
  };
  window.ResNetWords = { t: t, fill: fill };
}());
