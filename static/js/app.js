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

// The main menu folds behind a button on phones. Without this script the
// menu stays open, so every page is still reachable.
(function () {
  "use strict";
  function setUpMenu() {
    var nav = document.querySelector(".site-nav");
    var button = nav && nav.querySelector(".site-nav-toggle");
    var list = nav && nav.querySelector(".site-nav-list");
    if (!button || !list) {
      return;
    }
    nav.classList.add("site-nav-collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("site-nav-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        list.classList.remove("site-nav-open");
        button.focus();
      }
    });
  }

  // A chart and its table side by side on wide screens; on narrow ones a
  // toggle button shows the table instead of the chart, and back. Without
  // scripts both are shown, the table holding the same figures.
  var chartTables = 0;
  function setUpChartTables(root) {
    var labels = document.body.dataset;
    root.querySelectorAll(".chart-table").forEach(function (box) {
      if (box.classList.contains("chart-table-ready")) {
        return;
      }
      var figure = box.querySelector(":scope > figure");
      var data = Array.prototype.find.call(box.children, function (child) {
        return child !== figure && (child.matches("table") || child.querySelector("table"));
      });
      if (!figure || !data) {
        return;
      }
      if (!data.id) {
        chartTables += 1;
        data.id = "chart-table-data-" + chartTables;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ds-button chart-table-toggle";
      button.setAttribute("data-variant", "secondary");
      button.setAttribute("data-size", "sm");
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-controls", data.id);
      button.textContent = labels.labelShowTable;
      button.addEventListener("click", function () {
        var showTable = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", showTable ? "true" : "false");
        box.classList.toggle("chart-table-show-table", showTable);
        setUpWideTables(box);
      });
      box.insertBefore(button, box.firstChild);
      box.classList.add("chart-table-ready");
    });
  }

  // A table wider than the screen scrolls inside its own box, which the
  // keyboard can reach, instead of widening the page.
  function setUpWideTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        var caption = table.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption) {
          if (!caption.id) {
            caption.id = "table-caption-" + Math.random().toString(36).slice(2);
          }
          box.setAttribute("aria-labelledby", caption.id);
        } else {
          box.removeAttribute("role");
        }
      }
    });
  }

  function ready() {
    setUpMenu();
    setUpChartTables(document);
    setUpWideTables(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    setUpChartTables(event.target);
    setUpWideTables(event.target);
  });
})();
