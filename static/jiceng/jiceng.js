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
  // A wide table scrolls inside its wrapper on a phone: such a wrapper takes the keyboard's focus,
  // so it can be scrolled without a mouse, and is named by its table's caption or heading.
  function focusableWideTables(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        var heading = caption ? null : wrap.closest("section, .card") && wrap.closest("section, .card").querySelector("h2, h3");
        var name = (caption || heading || document.querySelector("h1") || {}).textContent;
        if (name) {
          wrap.setAttribute("aria-label", name.trim());
        }
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { focusableWideTables(document); });
  document.addEventListener("htmx:afterSettle", function (event) { focusableWideTables(event.target); });
  window.addEventListener("resize", function () { focusableWideTables(document); });

  // The unit tree's toggles: the first press loads the children (HTMX), later presses hide and
  // show them; aria-expanded and the sign say which.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.tree-toggle[aria-controls]");
    if (!button) {
      return;
    }
    var list = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "\u2212" : "+";
    if (list && button.dataset.loaded) {
      list.hidden = !open;
    }
    button.dataset.loaded = "1";
  });
  // Typing a rule of one's own chooses it (the radio button the box names).
  document.addEventListener("input", function (event) {
    var elt = event.target;
    var id = elt && elt.getAttribute && elt.getAttribute("data-selects");
    var radio = id && document.getElementById(id);
    if (radio) { radio.checked = true; }
  });
  // A part of a form that matters only for one value of another field (a poll's rule, by the
  // poll's kind) is hidden for the others; without script both show, each labelled for its case.
  function showWhen(root) {
    var parts = (root || document).querySelectorAll("[data-shown-when]");
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var form = part.closest("form");
      var other = form && form.elements[part.getAttribute("data-shown-when")];
      if (other && "value" in other) {
        part.hidden = other.value !== part.getAttribute("data-shown-value");
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { showWhen(document); });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && form.querySelector("[data-shown-when]")) { showWhen(form); }
  });
})();
