// A table wider than the screen scrolls sideways inside its box (.table-responsive). Keyboard
// users scroll it by focusing the box, so a box that scrolls joins the tab order as a named region.
(function () {
  "use strict";

  function name(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var section = box.closest("[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    if (heading) return heading.textContent.trim();
    return "Table";
  }

  function update() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("data-scrolls")) {
        box.setAttribute("data-scrolls", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name(box) + " (scrolls sideways)");
      } else if (!scrolls && box.hasAttribute("data-scrolls")) {
        ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (attribute) {
          box.removeAttribute(attribute);
        });
      }
    });
  }

  update();
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(update, 100);
  });
})();
