// The phone ballot: the same rules the server enforces, shown before submitting.
// - the voting code from the QR link's #fragment fills the code box (never sent in a URL);
// - a write-in is possible only beside an "against" mark;
// - "for" marks plus write-ins may not exceed the seats: the count is shown and the
//   submit button waits until the ballot is valid.
(function () {
  "use strict";
  var codeBox = document.getElementById("code");
  if (codeBox && window.location.hash.length > 1) {
    codeBox.value = decodeURIComponent(window.location.hash.slice(1));
    window.history.replaceState(null, "", window.location.pathname);
  }
  var ballot = document.getElementById("ballot");
  if (!ballot || ballot.getAttribute("data-kind") !== "election") { return; }
  var seats = parseInt(ballot.getAttribute("data-seats"), 10);
  var button = document.getElementById("cast-button");
  var counter = document.getElementById("ballot-count");
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;

  function update() {
    var chosen = 0;
    ballot.querySelectorAll("input[data-beside]").forEach(function (box) {
      var key = box.getAttribute("data-beside");
      var against = ballot.querySelector("input[name='mark-" + key + "'][value='against']");
      box.disabled = !against.checked;
      if (box.disabled) { box.value = ""; }
      if (!box.disabled && box.value.trim()) { chosen += 1; }
    });
    chosen += ballot.querySelectorAll("input[type=radio][value=for]:checked").length;
    var over = chosen > seats;
    button.disabled = over;
    counter.className = "ballot-count" + (over ? " bad" : "");
    counter.textContent = zh
      ? "已选 " + chosen + " / " + seats + (over ? "，超过应选名额，请减少" : "")
      : chosen + " of " + seats + " chosen" + (over ? ": too many, please remove some" : "");
  }
  ballot.addEventListener("change", update);
  ballot.addEventListener("input", update);
  update();
})();
// The appraisal form: how many subjects are graded, and which are not yet (the server asks
// before casting a form with ungraded subjects when the rules say so; this only shows it).
(function () {
  "use strict";
  var ballot = document.getElementById("ballot");
  if (!ballot || ballot.getAttribute("data-kind") !== "appraisal") { return; }
  var rows = ballot.querySelectorAll(".grade-row");
  var progress = document.getElementById("appraisal-progress");
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  function update() {
    var graded = 0;
    rows.forEach(function (row) {
      var done = !!row.querySelector("input:checked");
      row.classList.toggle("graded", done);
      if (done) { graded += 1; }
    });
    progress.hidden = false;
    progress.textContent = zh ? "已评定 " + graded + " / " + rows.length : graded + " of " + rows.length + " rated";
  }
  ballot.addEventListener("change", update);
  update();
})();
