// Drag and drop onto the upload form, and a size check before sending (the server checks too).
(function () {
  "use strict";
  var form = document.getElementById("upload");
  var input = document.getElementById("files");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var notice = document.getElementById("notice");
  if (!form || !input || !drop) { return; }
  var empty = chosen.textContent;
  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) { names.push(input.files[i].name); }
    chosen.textContent = names.length ? names.join("、") : empty;
  }
  function tooBig() {
    var total = 0;
    for (var i = 0; i < input.files.length; i++) { total += input.files[i].size; }
    if (input.files.length > Number(form.dataset.maxFiles)) { return form.dataset.tooMany; }
    return total > Number(form.dataset.limit) ? form.dataset.tooLarge : "";
  }
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
    input.files = e.dataTransfer.files;
    show();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
  form.addEventListener("submit", function (e) {
    var problem = tooBig();
    if (problem) { e.preventDefault(); notice.textContent = problem; }
  });
})();
