/* ResNet, Interactively: quiz behaviour (inlined by resnet_book/quiz.py; no network).
   Safe to run many times on one page: the code is defined once, each quiz is set up once. */
(function () {
  "use strict";
  var VERSION = 4;
  if (!window.ResNetQuiz || window.ResNetQuiz.version !== VERSION) {
    var KEY = "resnet-book-quiz:", LANG_KEY = "resnet-book-quiz-lang", roots = [];
    var get = function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } };
    var put = function (k, v) {
      try { if (v === null) { window.localStorage.removeItem(k); } else { window.localStorage.setItem(k, v); } }
      catch (e) { /* storage may be blocked (private mode, sandboxed iframe): score lives for this page only */ }
    };
    var memory = {};
    var load = function (ch) {
      var raw = get(KEY + ch);
      try { return raw ? JSON.parse(raw) : (memory[ch] || {}); } catch (e) { return {}; }
    };
    var save = function (ch, s) { memory[ch] = s; put(KEY + ch, JSON.stringify(s)); };
    var both = function (en, zh) {
      return '<span class="rq-en" lang="en">' + en + '</span><span class="rq-zh" lang="zh-Hans">' + zh + "</span>";
    };
    var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

    var refresh = function (ch) {
      each(roots, function (root) {
        if (root.getAttribute("data-chapter") !== ch) { return; }
        var s = load(ch), ids = root.getAttribute("data-ids").split(" "), right = 0, done = 0;
        ids.forEach(function (id) { if (id in s) { done += 1; right += s[id] ? 1 : 0; } });
        var n = ids.length;
        // A question answered on an earlier visit says so (the score counts it; its marks are gone).
        each(root.querySelectorAll(".rq-q"), function (q) {
          var id = q.getAttribute("data-qid"), box = q.querySelector(".rq-result");
          if (!(id in s) || box.innerHTML) { return; }
          box.innerHTML = s[id]
            ? both("🗂️ Answered before: right on the first try. Answer again to review it.",
                   "🗂️ 之前答过：第一次就答对了。想复习可以再答一次。")
            : both("🗂️ Answered before, not right on the first try. Try again: the score keeps the first try.",
                   "🗂️ 之前答过，第一次没答对。再试一次吧：得分只记第一次。");
        });
        root.querySelector(".rq-score").innerHTML = both(
          "🎯 " + right + " / " + n + " correct on first try" + (done ? " (" + done + " answered)" : ""),
          "🎯 首次答对 " + right + " / " + n + " 题" + (done ? "（已答 " + done + " 题）" : ""));
      });
    };
    var record = function (root, q, ok) {  // only the first answer to a question counts
      var ch = root.getAttribute("data-chapter"), s = load(ch), id = q.getAttribute("data-qid");
      if (!(id in s)) { s[id] = ok ? 1 : 0; save(ch, s); }
      refresh(ch);
    };
    var setLang = function (lang) {
      put(LANG_KEY, lang);
      each(roots, function (root) {
        root.setAttribute("data-lang", lang);
        root.setAttribute("lang", lang === "zh" ? "zh-Hans" : "en");
      });
    };
    var mark = function (opt, state) {
      var fb = opt.nextElementSibling;
      opt.classList.remove("rq-right", "rq-wrong", "rq-missed");
      if (state) { opt.classList.add("rq-" + state); }
      fb.classList.toggle("rq-show", state !== "hide");
      // Describe the option by its feedback only once shown: a hidden description is still read out.
      if (state === "hide") { opt.removeAttribute("aria-describedby"); } else { opt.setAttribute("aria-describedby", fb.id); }
    };
    var result = function (q, en, zh) { q.querySelector(".rq-result").innerHTML = both(en, zh); };
    var answerSingle = function (root, q, opt) {
      var ok = opt.getAttribute("data-c") === "1";
      mark(opt, ok ? "right" : "wrong");
      if (ok) {
        q.classList.add("rq-solved");
        result(q, "🎉 Well done! Read why the others are wrong, too.", "🎉 漂亮！也看看其他选项为什么错。");
      } else if (!q.classList.contains("rq-solved")) {  // once solved, reading a wrong option keeps the praise
        result(q, "🤔 Not quite. Read the note and try another option.", "🤔 还差一点。读读解释，再试一个。");
      }
      record(root, q, ok);
    };
    var check = function (root, q) {
      var opts = q.querySelectorAll(".rq-opt"), picked = 0, ok = true;
      each(opts, function (o) { if (o.getAttribute("aria-pressed") === "true") { picked += 1; } });
      if (!picked) { result(q, "👆 Pick at least one option first.", "👆 先至少选一个选项。"); return; }
      each(opts, function (o) {
        var sel = o.getAttribute("aria-pressed") === "true", c = o.getAttribute("data-c") === "1";
        if (sel !== c) { ok = false; }
        mark(o, sel ? (c ? "right" : "wrong") : (c ? "missed" : null));
      });
      q.classList.toggle("rq-solved", ok);
      if (ok) { result(q, "🎉 All correct! Every option is explained below.", "🎉 全对！每个选项的解释都在下面。"); }
      else { result(q, "🤔 Not yet: ⚠️ marks a correct option you missed. Change your picks and check again.",
                    "🤔 还没全对：⚠️ 表示漏选的正确选项。改一改再检查。"); }
      record(root, q, ok);
    };
    var reset = function (ch) {
      put(KEY + ch, null); memory[ch] = {};
      each(roots, function (root) {
        if (root.getAttribute("data-chapter") !== ch) { return; }
        each(root.querySelectorAll(".rq-opt"), function (o) {
          mark(o, "hide");
          if (o.hasAttribute("aria-pressed")) { o.setAttribute("aria-pressed", "false"); }
        });
        each(root.querySelectorAll(".rq-q"), function (q) {
          q.classList.remove("rq-solved"); q.querySelector(".rq-result").innerHTML = "";
        });
      });
      refresh(ch);
    };
    var onClick = function (root, ev) {
      var btn = ev.target.closest ? ev.target.closest("button") : null;
      if (!btn || !root.contains(btn)) { return; }
      var q = btn.closest(".rq-q"), ch = root.getAttribute("data-chapter");
      if (btn.classList.contains("rq-lang")) { setLang(root.getAttribute("data-lang") === "zh" ? "en" : "zh"); }
      else if (btn.classList.contains("rq-reset")) { reset(ch); }
      else if (btn.classList.contains("rq-check")) { check(root, q); }
      else if (btn.classList.contains("rq-opt")) {
        if (q.getAttribute("data-type") === "single") { answerSingle(root, q, btn); }
        else { btn.setAttribute("aria-pressed", btn.getAttribute("aria-pressed") === "true" ? "false" : "true"); }
      }
    };
    var init = function (root) {
      // Skip a quiz the parser has not finished (a timer may fire mid-page); its own script follows it.
      if (root.getAttribute("data-rq-ready") || !root.querySelector(".rq-score")) { return; }
      root.setAttribute("data-rq-ready", "1");
      roots.push(root);
      root.addEventListener("click", function (ev) { onClick(root, ev); });
      var note = root.querySelector(".rq-nojs");
      if (note) { note.style.display = "none"; }
      // The reader's choice, remembered; else the edition's language (中文 on the Chinese pages).
      var lang = get(LANG_KEY);
      if (lang !== "en" && lang !== "zh" && /^zh/i.test(document.documentElement.lang)) { lang = "zh"; }
      if (lang === "en" || lang === "zh") {
        root.setAttribute("data-lang", lang);
        root.setAttribute("lang", lang === "zh" ? "zh-Hans" : "en");
      }
      refresh(root.getAttribute("data-chapter"));
    };
    window.ResNetQuiz = {
      version: VERSION,
      initAll: function (scope) { each((scope || document).querySelectorAll(".rq-quiz"), init); }
    };
  }
  // Set up the quizzes next to this script (JupyterLab may run it before the output is attached),
  // then everything in the document, now and once the page has finished loading.
  var here = document.currentScript;
  if (here && here.parentNode) { window.ResNetQuiz.initAll(here.parentNode); }
  window.ResNetQuiz.initAll(document);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { window.ResNetQuiz.initAll(document); });
  }
  window.setTimeout(function () { window.ResNetQuiz.initAll(document); }, 0);
})();
