/* The 适老化 large-text switch: remembered in this browser (localStorage), no server, works
   offline and from file://. Loaded in <head>, so a remembered choice applies before the
   page is drawn; the button stays hidden where scripts do not run. */
(function () {
  "use strict";
  var KEY = "showcase-large-text";
  var CLASS = "showcase-large-text";
  var root = document.documentElement;

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false; // storage blocked: the switch still works for this page
    }
  }

  function apply(on) {
    root.classList.toggle(CLASS, on);
    var buttons = document.querySelectorAll("[data-showcase-large-text]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  apply(remembered());
  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains(CLASS));
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest("[data-showcase-large-text]") : null;
    if (!button) {
      return;
    }
    var on = !root.classList.contains(CLASS);
    try {
      window.localStorage.setItem(KEY, on ? "1" : "0");
    } catch (error) {
      /* not remembered, still applied */
    }
    apply(on);
  });
})();
