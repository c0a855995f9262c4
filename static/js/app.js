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
})();
