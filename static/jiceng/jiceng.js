// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (e.g. applying an import).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var text = form.getAttribute && form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });
})();
