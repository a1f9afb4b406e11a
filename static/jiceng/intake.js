// The request form without waiting: choosing a community or a grid shows the next level at once,
// and choosing a category there says whether similar requests are open (each presses the form's
// own "show the next level" button, which works without this script too); typing in the category
// search narrows the list of categories as one types.
(function () {
  "use strict";
  var form = document.getElementById("request-form");
  if (!form) { return; }
  var refresh = form.querySelector("button.js-auto");
  ["id_community", "id_grid", "id_service_code"].forEach(function (id) {
    var select = document.getElementById(id);
    var place = document.getElementById("id_community");
    if (id === "id_service_code" && !(place && place.value)) { return; }
    if (select && refresh) {
      select.addEventListener("change", function () {
        if (form.requestSubmit) { form.requestSubmit(refresh); } else { refresh.click(); }
      });
    }
  });
  if (refresh) { refresh.closest(".refresh-row").hidden = true; }
  var find = document.getElementById("id_category_q");
  var list = document.getElementById("id_service_code");
  if (find && list) {
    find.addEventListener("input", function () {
      var words = find.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var options = list.querySelectorAll("option[value]:not([value=''])");
      for (var i = 0; i < options.length; i++) {
        var text = options[i].textContent.toLowerCase();
        var shown = words.every(function (w) { return text.indexOf(w) >= 0; });
        options[i].hidden = !shown;
        options[i].disabled = !shown && !options[i].selected;
      }
      var groups = list.querySelectorAll("optgroup");
      for (var j = 0; j < groups.length; j++) {
        groups[j].hidden = !groups[j].querySelector("option:not([hidden])");
      }
    });
    find.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); list.focus(); }
    });
  }
})();
