// Fills a form back in with what was typed before a session time-out (see sharedlives/accounts/drafts.py).
(function () {
  "use strict";
  var holder = document.getElementById("restored-draft");
  if (!holder) return;
  var draft = JSON.parse(holder.textContent);
  var form = document.querySelector("main form[method=post]:not([action*='logout'])");
  if (!form) return;
  Object.keys(draft).forEach(function (name) {
    var values = draft[name];
    var fields = form.querySelectorAll("[name='" + CSS.escape(name) + "']");
    fields.forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else if (field.type !== "hidden" && field.type !== "file") {
        field.value = values[0];
      }
    });
  });
})();
