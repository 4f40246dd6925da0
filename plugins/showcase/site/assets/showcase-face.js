/* The 适老化 large-text switch: remembered in this browser (localStorage), no server, works
   offline and from file://. Loaded in <head>, so a remembered choice applies before the
   page is drawn; the button stays hidden where scripts do not run. And the print line. */
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

  // The print line under each page (shown only on paper): the site's name, the page's own
  // address and today's date, written here so that they are right on any copy of the site,
  // online or not. Not in the page's HTML: without scripts it had neither address nor date,
  // and on 100,000 record pages its markup was 15 MB.
  function addPrintLine() {
    var article = document.querySelector("article.md-content__inner");
    var site = document.querySelector('meta[property="og:site_name"]');
    if (!article || !site || article.querySelector(".showcase-print-line")) {
      return;
    }
    var line = document.createElement("p");
    line.className = "showcase-print-line";
    line.appendChild(document.createTextNode(site.getAttribute("content") + " · "));
    line.appendChild(document.createElement("span")).setAttribute("data-showcase-print-url", "");
    line.appendChild(document.createTextNode(" · 打印日期 "));
    line.appendChild(document.createElement("span")).setAttribute("data-showcase-print-date", "");
    article.appendChild(line);
  }

  function fillPrintLine() {
    var now = new Date();
    var date = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" +
      ("0" + now.getDate()).slice(-2);
    var urls = document.querySelectorAll("[data-showcase-print-url]");
    for (var i = 0; i < urls.length; i++) {
      urls[i].textContent = window.location.href;
    }
    var dates = document.querySelectorAll("[data-showcase-print-date]");
    for (var j = 0; j < dates.length; j++) {
      dates[j].textContent = date;
    }
  }
  window.addEventListener("beforeprint", fillPrintLine);

  apply(remembered());
  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains(CLASS));
    addPrintLine();
    fillPrintLine();
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
