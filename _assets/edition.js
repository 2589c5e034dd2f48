// The language switch (resnet_book/editions.py) opens the same page in the other edition, at
// the same section, in this tab (the theme opens its header links in a new tab).
(function () {
  "use strict";

  function follow() {
    for (const link of document.querySelectorAll("a.btn-language-switch-button")) {
      link.removeAttribute("target");
      link.addEventListener("click", () => { link.hash = window.location.hash; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", follow);
  } else {
    follow();
  }
})();
