// The safety walk finding form: keeps what is typed on the phone until the
// server has saved it, and fills in coordinates only when the user asks.
(function () {
  "use strict";

  var form = document.querySelector("[data-walk-finding-form]");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-draft-key");
  var storage = null;
  try {
    storage = window.localStorage;
  } catch (error) {
    storage = null;
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return (
        element.name &&
        element.type !== "file" &&
        element.type !== "submit" &&
        element.type !== "button" &&
        element.name !== "csrfmiddlewaretoken"
      );
    });
  }

  function saveDraft() {
    if (!storage) {
      return;
    }
    var draft = {};
    fields().forEach(function (element) {
      draft[element.name] = element.value;
    });
    try {
      storage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      // A full or disabled storage only loses the draft, never the form.
    }
  }

  function restoreDraft() {
    if (!storage) {
      return;
    }
    var raw = storage.getItem(key);
    if (!raw) {
      return;
    }
    var draft;
    try {
      draft = JSON.parse(raw);
    } catch (error) {
      storage.removeItem(key);
      return;
    }
    fields().forEach(function (element) {
      if (Object.prototype.hasOwnProperty.call(draft, element.name)) {
        element.value = draft[element.name];
      }
    });
  }

  if (form.hasAttribute("data-draft-saved")) {
    // The server confirmed the save: the draft is done with.
    if (storage) {
      storage.removeItem(key);
    }
  } else if (!form.querySelector(".field-error")) {
    // After a refused save the server's copy is newer than the draft.
    restoreDraft();
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);
  form.addEventListener("submit", saveDraft);

  var locate = form.querySelector("[data-walk-locate]");
  var status = form.querySelector("[data-walk-locate-status]");
  var latitude = form.elements.namedItem("latitude");
  var longitude = form.elements.namedItem("longitude");
  if (!locate || !latitude || !longitude || !("geolocation" in navigator)) {
    return;
  }
  locate.hidden = false;
  locate.addEventListener("click", function () {
    status.textContent = locate.getAttribute("data-waiting") || "…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        status.textContent = "";
        saveDraft();
      },
      function () {
        status.textContent = locate.getAttribute("data-failed") || "";
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
