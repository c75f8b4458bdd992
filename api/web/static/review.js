// The adjuster's review workspace (staff/_workspace.html): zoom on a photo, draw a box for a
// missed damage (it fills the add form, which posts as without a script), pick a part on the car
// diagram, select a finding by its box, and the keyboard shortcuts the page lists.
(function () {
  "use strict";
  const workspace = document.getElementById("workspace");
  if (!workspace) return;
  const photos = Array.from(workspace.querySelectorAll("figure.review-photo"));
  const addForm = document.querySelector("#add-damage form");
  let current = photos[0] || null; // the photo the zoom keys act on
  let drawing = false;
  let selected = -1;

  function zoom(figure, factor) {
    const inner = figure.querySelector(".zoom-inner");
    const scale = factor === 0 ? 1 : Math.min(8, Math.max(1, (Number(inner.dataset.scale) || 1) * factor));
    inner.dataset.scale = String(scale);
    inner.style.width = scale * 100 + "%"; // CSSOM, allowed by the page's CSP
    current = figure;
  }

  function setDrawing(on) {
    drawing = on && !!addForm;
    workspace.classList.toggle("drawing", drawing);
  }

  function toPixels(svg, figure, event) {
    const r = svg.getBoundingClientRect();
    const w = Number(figure.dataset.width), h = Number(figure.dataset.height);
    const x = Math.min(Math.max(event.clientX - r.left, 0), r.width) * (w / r.width);
    const y = Math.min(Math.max(event.clientY - r.top, 0), r.height) * (h / r.height);
    return [x, y];
  }

  function fillAddForm(figure, box) {
    const details = addForm.closest("details");
    details.open = true;
    addForm.elements.photo_id.value = figure.dataset.photo;
    ["x1", "y1", "x2", "y2"].forEach((name, i) => { addForm.elements[name].value = String(Math.round(box[i])); });
    details.scrollIntoView({ block: "nearest" });
    addForm.elements.damage_type.focus();
  }

  function startDraw(figure, svg, event) {
    const start = toPixels(svg, figure, event);
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("class", "drawn");
    svg.appendChild(rect);
    svg.setPointerCapture(event.pointerId);
    function box(e) {
      const end = toPixels(svg, figure, e);
      return [Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1])];
    }
    function move(e) {
      const b = box(e);
      rect.setAttribute("x", b[0]); rect.setAttribute("y", b[1]);
      rect.setAttribute("width", b[2] - b[0]); rect.setAttribute("height", b[3] - b[1]);
    }
    function up(e) {
      svg.removeEventListener("pointermove", move);
      svg.removeEventListener("pointerup", up);
      const b = box(e);
      setDrawing(false);
      if (b[2] - b[0] < 2 || b[3] - b[1] < 2) { rect.remove(); return; }
      fillAddForm(figure, b);
    }
    svg.addEventListener("pointermove", move);
    svg.addEventListener("pointerup", up);
  }

  const rows = () => Array.from(document.querySelectorAll("#review tr[data-finding]"));

  function select(index) {
    const all = rows();
    if (!all.length) return;
    selected = (index + all.length) % all.length;
    const id = all[selected].dataset.finding;
    document.querySelectorAll(".selected-finding").forEach((el) => el.classList.remove("selected-finding"));
    document.querySelectorAll('[data-finding="' + id + '"]').forEach((el) => el.classList.add("selected-finding"));
    const box = workspace.querySelector('g[data-finding="' + id + '"]');
    if (box) { current = box.closest("figure"); box.scrollIntoView({ block: "nearest" }); }
    all[selected].scrollIntoView({ block: "nearest" });
  }

  function selectedEditor() {
    const row = rows()[selected];
    const details = row && row.querySelector("details");
    if (details) details.open = true;
    return details;
  }

  photos.forEach((figure) => {
    figure.querySelector(".review-tools").hidden = false;
    const svg = figure.querySelector("svg");
    figure.addEventListener("click", (e) => {
      const tool = e.target.closest("[data-tool]");
      if (tool) {
        current = figure;
        if (tool.dataset.tool === "draw") setDrawing(!drawing);
        else zoom(figure, { "zoom-in": 1.5, "zoom-out": 1 / 1.5, "zoom-reset": 0 }[tool.dataset.tool]);
        return;
      }
      const g = e.target.closest("g[data-finding]");
      if (g && !drawing) select(rows().findIndex((r) => r.dataset.finding === g.dataset.finding));
    });
    svg.addEventListener("pointerdown", (e) => {
      if (!drawing) return;
      e.preventDefault();
      current = figure;
      startDraw(figure, svg, e);
    });
  });

  // The car diagram picks the part (and the side, for a wheel) in the form it sits in.
  function pick(zone) {
    const form = zone.closest("form");
    form.elements.part.value = zone.dataset.part;
    form.elements.side.value = zone.dataset.side;
    form.querySelectorAll(".zone-pick.chosen").forEach((el) => el.classList.remove("chosen"));
    zone.classList.add("chosen");
  }
  document.querySelectorAll("#review .zone-pick").forEach((zone) => {
    zone.addEventListener("click", () => pick(zone));
    zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(zone); } });
  });

  function openDetails(testid) {
    const details = document.querySelector('details[data-testid="' + testid + '"]');
    if (!details) return;
    details.open = true;
    details.scrollIntoView({ block: "nearest" });
    const first = details.querySelector("select, input:not([type=hidden])");
    if (first) first.focus();
  }

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest("input, select, textarea, [contenteditable]")) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    const editor = () => selectedEditor();
    const actions = {
      b: () => setDrawing(!drawing),
      j: () => select(selected + 1),
      k: () => select(selected - 1),
      e: () => { const d = editor(); if (d) d.querySelector("select").focus(); },
      x: () => { const d = editor(); const b = d && d.querySelector("[data-testid^=reject-]"); if (b) b.focus(); },
      "+": () => current && zoom(current, 1.5),
      "=": () => current && zoom(current, 1.5),
      "-": () => current && zoom(current, 1 / 1.5),
      "0": () => current && zoom(current, 0),
      o: () => openDetails("add-part"),
      l: () => openDetails("add-line"),
      "?": () => { const s = document.getElementById("shortcuts"); s.open = !s.open; },
      Escape: () => setDrawing(false),
    };
    const action = actions[e.key];
    if (action) { e.preventDefault(); action(); }
  });
})();
