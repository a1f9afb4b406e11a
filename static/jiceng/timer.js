// The speech timer (templates/meetings/_timer.html) counts down in the browser.
// The server renders the milliseconds left at the moment of the request; this script counts
// from the moment the element appeared, so a projector whose clock is wrong still agrees with
// the chair's phone. The live page's HTMX refresh replaces the element every few seconds,
// which re-reads the server's time; a paused timer is left as the server drew it.
(function () {
  "use strict";
  var WARN_MS = 60000;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // the same format as web/meetings/timer.py format_remaining
  function format(ms) {
    var s;
    if (ms > 0) {
      s = Math.ceil(ms / 1000);
      return Math.floor(s / 60) + ":" + pad(s % 60);
    }
    s = Math.floor(-ms / 1000);
    return "+" + Math.floor(s / 60) + ":" + pad(s % 60);
  }

  function tick() {
    var now = performance.now();
    document.querySelectorAll("[data-timer][data-running]").forEach(function (el) {
      if (el.jicengSeenAt === undefined) { el.jicengSeenAt = now; }
      var left = parseInt(el.getAttribute("data-remaining-ms"), 10) - (now - el.jicengSeenAt);
      var digits = el.querySelector(".timer-digits");
      var note = el.querySelector(".timer-note");
      var text = format(Math.round(left));
      if (digits.textContent !== text) { digits.textContent = text; }
      el.classList.toggle("warn", left > 0 && left <= WARN_MS);
      el.classList.toggle("over", left <= 0);
      var noteText = left <= 0 ? el.getAttribute("data-over-text") : "";
      if (note.textContent !== noteText) { note.textContent = noteText; }
    });
  }

  tick();
  window.setInterval(tick, 200);
  document.addEventListener("htmx:afterSwap", tick);
})();
