// A click or a tap on a figure opens it at full size, over the page; a click, a tap, the ×
// button or Escape closes it. No library, nothing loaded from the network.
// Its words: t(text, values) (words.js) is the Chinese on a Chinese page, from the JSON that
// resnet_book/editions.py puts in the page's head (resnet_book.i18n).
(function () {
  "use strict";

  const t = (text, values) => window.ResNetWords.t(text, values); // words.js, loaded before

  function close(box, opener) {
    box.remove();
    document.body.style.overflow = "";
    if (opener) opener.focus();
  }

  function open(img) {
    const box = document.createElement("div");
    box.className = "book-lightbox";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", t("Figure at full size: {alt}", { alt: img.alt || "" }));
    const big = document.createElement("img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    const shut = document.createElement("button");
    shut.type = "button";
    shut.textContent = "×";
    shut.setAttribute("aria-label", t("Close"));
    box.append(big, shut);
    box.addEventListener("click", () => close(box, img));
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close(box, img);
    });
    document.body.style.overflow = "hidden";
    document.body.append(box);
    shut.focus();
  }

  function setUp() {
    for (const img of document.querySelectorAll("article.bd-article img")) {
      if (img.closest("a")) continue; // a linked image keeps its link
      img.classList.add("zoomable");
      img.tabIndex = 0;
      img.setAttribute("role", "button");
      img.title = t("Click to open at full size");
      img.addEventListener("click", () => open(img));
      img.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          open(img);
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
