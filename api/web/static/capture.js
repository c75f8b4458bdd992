/* Guided capture: upload the chosen photos one by one with a progress bar each, then show the
   page again. Without this script the form posts all files at once and works the same. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-capture-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var list = form.querySelector("[data-upload-list]");
  var input = form.querySelector("input[type=file][name=files]");

  function row(name) {
    var li = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    var note = document.createElement("span");
    note.className = "note";
    li.appendChild(label); li.appendChild(bar); li.appendChild(note);
    list.appendChild(li);
    return { li: li, bar: bar, note: note };
  }

  function errorText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var box = doc.querySelector("[data-testid=upload-error]");
    return box ? box.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function send(file, ui) {
    return new Promise(function (resolve) {
      var data = new FormData();
      form.querySelectorAll("input[type=hidden], select").forEach(function (field) { data.append(field.name, field.value); });
      data.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { ui.bar.value = Math.round(100 * event.loaded / event.total); }
      };
      xhr.onload = function () {
        ui.bar.value = 100;
        var failed = xhr.status >= 400;
        ui.li.className = failed ? "failed" : "ok";
        ui.note.textContent = failed ? (errorText(xhr.responseText) || String(xhr.status)) : "✓";
        resolve(!failed);
      };
      xhr.onerror = function () { ui.li.className = "failed"; ui.note.textContent = "×"; resolve(false); };
      xhr.send(data);
    });
  }

  function show(next) {
    /* The page again, loaded afresh (a link that differs only by its #fragment would not reload). */
    var target = new URL(next, window.location.href);
    if (target.pathname + target.search === window.location.pathname + window.location.search) {
      window.location.hash = target.hash;
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  form.addEventListener("submit", function (event) {
    if (!input.files || !input.files.length) { return; }
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    list.textContent = "";
    var rows = files.map(function (file) { return row(file.name); });
    form.querySelector("button[type=submit]").disabled = true;
    var allOk = true;
    files.reduce(function (chain, file, i) {
      return chain.then(function () { return send(file, rows[i]).then(function (ok) { allOk = allOk && ok; }); });
    }, Promise.resolve()).then(function () {
      if (allOk) { show(form.getAttribute("data-next")); return; }
      form.querySelector("button[type=submit]").disabled = false;
      var again = document.createElement("a");
      again.href = form.getAttribute("data-next");
      again.textContent = "↻";
      list.appendChild(again);
    });
  });
}());
