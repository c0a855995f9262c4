// Behaviour shared by every page. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  // Move focus to the main region after an htmx swap that replaced it, so
  // screen-reader users hear the new content.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "main") {
      event.detail.target.focus();
    }
  });

  // The language switcher returns to the page as it is now: htmx may have
  // changed the address (filters) since the page was first drawn.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("language-switcher")) {
      return;
    }
    var next = form.querySelector("input[name=next]");
    if (next) {
      next.value = window.location.pathname + window.location.search;
    }
  });
})();
