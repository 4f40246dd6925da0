/*
 * The photo lightbox of record pages (showcase.site.templates.record.html).
 *
 * Every photo is a link to its largest published JPEG, so without this script a click opens
 * the picture itself. With it, the picture opens over the page in a native <dialog>: the
 * browser keeps keyboard focus inside it and closes it with Escape, and focus returns to
 * the photo that opened it. Left and right arrows (and the buttons) go to the other photos
 * of the page. No request leaves the site and nothing needs a server: it works from file://.
 */
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") {
    return; // an old browser: the links open the pictures themselves
  }
  var dialog = null;
  var links = [];
  var current = 0;

  function button(label, text, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.setAttribute("aria-label", label);
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "showcase-lightbox-dialog";
    dialog.setAttribute("aria-label", "图片");
    var figure = document.createElement("figure");
    var image = document.createElement("img");
    var caption = document.createElement("figcaption");
    figure.appendChild(image);
    figure.appendChild(caption);
    var close = button("关闭", "×", function () { dialog.close(); });
    close.className = "showcase-lightbox-close";
    var previous = button("上一张", "‹", function () { show(current - 1); });
    previous.className = "showcase-lightbox-previous";
    var next = button("下一张", "›", function () { show(current + 1); });
    next.className = "showcase-lightbox-next";
    dialog.appendChild(close);
    dialog.appendChild(previous);
    dialog.appendChild(figure);
    dialog.appendChild(next);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    // A click on the dark backdrop (the dialog itself, outside the figure) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }
    });
    dialog.addEventListener("close", function () {
      var opener = links[current];
      if (opener) { opener.focus(); }
    });
    document.body.appendChild(dialog);
  }

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumbnail = link.querySelector("img");
    var figure = link.closest("figure");
    var text = figure ? figure.querySelector("figcaption") : null;
    var image = dialog.querySelector("img");
    image.src = link.getAttribute("href");
    image.alt = thumbnail ? thumbnail.alt : "";
    dialog.querySelector("figcaption").textContent = text ? text.textContent : "";
    var several = links.length > 1;
    dialog.querySelector(".showcase-lightbox-previous").hidden = !several;
    dialog.querySelector(".showcase-lightbox-next").hidden = !several;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey) {
      return; // a new tab or window was asked for
    }
    var link = event.target.closest ? event.target.closest("a.showcase-lightbox") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    if (!dialog) { build(); }
    links = Array.prototype.slice.call(document.querySelectorAll("a.showcase-lightbox"));
    show(links.indexOf(link));
    dialog.showModal();
    dialog.querySelector(".showcase-lightbox-close").focus();
  });
})();
