// Starts Swagger UI on the API's docs page; its settings are a JSON block
// in the page, so no inline script is needed under the CSP.
(function () {
  "use strict";
  var settings = JSON.parse(
    document.getElementById("swagger-settings").textContent,
  );
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  window.SwaggerUIBundle(settings);
})();
