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
  // A search box marked data-autosubmit-target: HTMX does the request; this only keeps
  // the address bar in step so a reload or a shared link shows the same results.
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("input[data-sync-url]")) {
      var url = new URL(window.location.href);
      if (elt.value) { url.searchParams.set(elt.name, elt.value); } else { url.searchParams.delete(elt.name); }
      url.searchParams.delete("page");
      window.history.replaceState(null, "", url.toString());
    }
  });
})();
