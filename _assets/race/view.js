// The race's view: builds the controls and draws what it is sent (curves, status, prediction).
// It trains nothing and decides nothing; page.js wires it to the workers.

const SVG = "http://www.w3.org/2000/svg";
const FIELDS = [
  // [key, label, input type, width in characters]
  ["depths", "depths", "text", 9], ["width", "width", "text", 3], ["epochs", "epochs", "text", 4],
  ["lr", "learning rate", "text", 6], ["n", "training images", "text", 5], ["seed", "seed", "text", 7],
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

export function colourOf(colours, depth) {
  return colours.depths[depth] || colours.other[Math.floor(depth / 6) % colours.other.length];
}

/** Build the controls in `root`; returns the functions page.js calls. */
export function createView(root, { engine, colours, title }) {
  root.classList.add("race");
  const inputs = {};
  const form = el("form", { class: "race-controls", novalidate: "" });
  const nets = el("select", { name: "nets", "aria-label": "nets" },
    el("option", { value: "both", text: "plain + residual" }),
    el("option", { value: "plain", text: "plain" }), el("option", { value: "residual", text: "residual" }));
  inputs.nets = nets;
  form.append(el("label", {}, "nets ", nets));
  for (const [key, label, type, size] of FIELDS) {
    inputs[key] = el("input", { name: key, type, size: String(size), inputmode: key === "depths" ? "text" : "decimal",
      autocomplete: "off", spellcheck: "false" });
    form.append(el("label", {}, `${label} `, inputs[key]));
  }
  const train = el("button", { type: "button", class: "race-train", text: "▶️ Train" });
  const stop = el("button", { type: "button", class: "race-stop", text: "⏹️ Stop", disabled: "" });
  const buttons = el("div", { class: "race-buttons" }, train, stop);
  const status = el("p", { class: "race-status", role: "status", "aria-live": "polite" });
  const ask = el("div", { class: "race-predict", hidden: "" });
  const outcome = el("p", { class: "race-outcome", hidden: "" });
  const plot = el("div", { class: "race-plot" });
  const note = el("p", { class: "race-engine", text: `⚙️ This race runs on ${engine}.` });
  root.replaceChildren(el("p", { class: "race-title", text: title }), form, buttons, ask, status,
    plot, outcome, note);
  let handlers = { train: () => {}, stop: () => {} };
  form.addEventListener("submit", (e) => { e.preventDefault(); handlers.train(); }); // Enter
  train.addEventListener("click", () => handlers.train());
  stop.addEventListener("click", () => handlers.stop());

  return {
    on(h) { handlers = { ...handlers, ...h }; },
    readRaw() { return Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value])); },
    setValues(s, write) { for (const k of Object.keys(inputs)) inputs[k].value = write(k, s[k]); },
    setRunning(running) {
      train.disabled = running; stop.disabled = !running;
      Object.values(inputs).forEach((i) => { i.disabled = running; });
    },
    say(text, kind = "info") { status.textContent = text; status.dataset.kind = kind; },
    askPrediction(names, pick) {
      ask.replaceChildren(el("p", { text: "🔮 Before the race: which net will end with the highest training error?" }));
      const row = el("div", { class: "race-choices" });
      for (const name of names) {
        const b = el("button", { type: "button", text: name, "data-choice": name });
        b.addEventListener("click", () => { ask.hidden = true; pick(name); });
        row.append(b);
      }
      const skip = el("button", { type: "button", class: "race-skip", text: "Skip: just train", "data-choice": "" });
      skip.addEventListener("click", () => { ask.hidden = true; pick(null); });
      row.append(skip);
      ask.append(row);
      ask.hidden = false;
    },
    showOutcome(text) { outcome.textContent = text; outcome.hidden = !text; },
    draw(runs, epochs) { plot.replaceChildren(drawRuns(runs, epochs, colours)); },
  };
}

/** plot_runs in SVG: plain nets left, ResNets right; dashed = training error, solid = test. */
export function drawRuns(runs, epochs, colours) {
  const width = 840, height = 314, left = 46, top = 26, bottom = 52, gap = 24;
  const w = (width - left - 10 - gap) / 2, h = height - top - bottom;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "race-svg", role: "img",
    "aria-label": "training error (dashed) and test error (solid) per epoch; plain nets left, ResNets right" });
  root.append(svg("text", { x: 12, y: top + h / 2, transform: `rotate(-90 12 ${top + h / 2})`, "text-anchor": "middle" }, "error (%)"));
  root.append(svg("text", { x: width / 2, y: height - 4, "text-anchor": "middle", class: "race-muted" },
    "solid: test error, dashed: training error"));
  [["plain nets", false], ["ResNets", true]].forEach(([title, residual], panel) => {
    const x0 = left + panel * (w + gap);
    const xOf = (e) => x0 + ((e - 0.7) / Math.max(epochs - 0.4, 0.6)) * w;
    const yOf = (err) => top + (1 - Math.min(err, 1)) * h;
    root.append(svg("text", { x: x0 + w / 2, y: 16, "text-anchor": "middle" }, title));
    root.append(svg("text", { x: x0 + w / 2, y: top + h + 32, "text-anchor": "middle" }, "epoch"));
    for (let pct = 0; pct <= 100; pct += 20) {
      const y = yOf(pct / 100);
      root.append(svg("line", { x1: x0, x2: x0 + w, y1: y, y2: y, class: "race-grid" }));
      if (panel === 0) root.append(svg("text", { x: x0 - 6, y: y + 4, "text-anchor": "end" }, String(pct)));
    }
    for (let e = 1; e <= epochs; e += Math.max(1, Math.round(epochs / 10))) {
      root.append(svg("text", { x: xOf(e), y: top + h + 16, "text-anchor": "middle" }, String(e)));
    }
    root.append(svg("rect", { x: x0, y: top, width: w, height: h, class: "race-frame" }));
    runs.filter((r) => r.residual === residual).forEach((r, i) => {
      const c = colourOf(colours, r.depth);
      for (const [key, dash, lw] of [["train_error", "5,3", 1.5], ["test_error", "none", 2.2]]) {
        const pts = r[key].map((v, e) => [xOf(e + 1), v]).filter(([, v]) => v !== null)
          .map(([x, v]) => [x, yOf(v)]);
        root.append(svg("polyline", { points: pts.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "),
          fill: "none", stroke: c, "stroke-width": lw, "stroke-dasharray": dash, "data-net": r.name, "data-key": key }));
        for (const [x, y] of pts) root.append(svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5, fill: c }));
      }
      const tag = { diverged: " (diverged!)", stopped: " (stopped)" }[r.status] || "";
      root.append(svg("text", { x: x0 + w - 8, y: top + 16 * (i + 1), "text-anchor": "end", fill: c }, r.name + tag));
    });
  });
  return root;
}
