// Starts Swagger UI on the API docs page (no inline script, for the Content-Security-Policy).
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.dataset.url, domNode: root, deepLinking: true });
})();
