// The race's view: builds the controls and draws what it is sent (curves, status, prediction).
// It trains nothing and decides nothing; page.js wires it to the workers. Its words go through
// t (words.js): Chinese on the book's Chinese edition. The title and the engine's sentence are
// HTML that browser_race.py writes (resnet_book.i18n.label), kept as they are.
import { t } from "./words.js";

const SVG = "http://www.w3.org/2000/svg";
const FIELDS = [
  // [key, label, input type, width in characters]
  ["depths", t("depths"), "text", 9], ["width", t("width"), "text", 3],
  ["epochs", t("epochs"), "text", 4], ["lr", t("learning rate"), "text", 6],
  ["n", t("training images"), "text", 5], ["seed", t("seed"), "text", 7],
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
export function createView(root, { colours }) {
  root.classList.add("race");
  // browser_race.py's static HTML: the title and the engine's sentence, in both languages
  const title = root.querySelector(".race-title") || el("p", { class: "race-title" });
  const note = root.querySelector(".race-engine") || el("p", { class: "race-engine" });
  const inputs = {};
  const form = el("form", { class: "race-controls", novalidate: "" });
  const nets = el("select", { name: "nets", "aria-label": t("nets") },
    el("option", { value: "both", text: t("plain + residual") }),
    el("option", { value: "plain", text: t("plain") }),
    el("option", { value: "residual", text: t("residual") }));
  inputs.nets = nets;
  form.append(el("label", {}, `${t("nets")} `, nets));
  for (const [key, label, type, size] of FIELDS) {
    inputs[key] = el("input", { name: key, type, size: String(size), inputmode: key === "depths" ? "text" : "decimal",
      autocomplete: "off", spellcheck: "false" });
    form.append(el("label", {}, `${label} `, inputs[key]));
  }
  const train = el("button", { type: "button", class: "race-train", text: t("▶️ Train") });
  const stop = el("button", { type: "button", class: "race-stop", text: t("⏹️ Stop"),
    disabled: "" });
  const buttons = el("div", { class: "race-buttons" }, train, stop);
  const status = el("p", { class: "race-status", role: "status", "aria-live": "polite" });
  const ask = el("div", { class: "race-predict", hidden: "" });
  const outcome = el("p", { class: "race-outcome", hidden: "" });
  const plot = el("div", { class: "race-plot" });
  root.replaceChildren(title, form, buttons, ask, status, plot, outcome, note);
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
    status() { return status.textContent; },
    askPrediction(names, pick) {
      ask.replaceChildren(el("p", { text: t("🔮 Before the race: which net will end with the " +
        "highest training error?") }));
      const row = el("div", { class: "race-choices" });
      for (const name of names) {
        const b = el("button", { type: "button", text: name, "data-choice": name });
        b.addEventListener("click", () => { ask.hidden = true; pick(name); });
        row.append(b);
      }
      const skip = el("button", { type: "button", class: "race-skip", text: t("Skip: just train"),
        "data-choice": "" });
      skip.addEventListener("click", () => { ask.hidden = true; pick(null); });
      row.append(skip);
      ask.append(row);
      ask.hidden = false;
    },
    showOutcome(text) { outcome.textContent = text; outcome.hidden = !text; },
    draw(runs, epochs) { plot.replaceChildren(drawRuns(runs, epochs, colours)); },
  };
}

/** plot_runs in SVG: plain nets left, ResNets right (stacked on a phone); dashed = training
 * error, solid = test. One SVG a panel, 420 units wide, so that its text stays at least 10 CSS px
 * whether two panels share a 640 px column or one fills a phone's 320 px. */
export function drawRuns(runs, epochs, colours) {
  const charts = document.createElement("div");
  charts.className = "race-charts";
  const width = 420, height = 300, left = 50, right = 10, top = 28, bottom = 44;
  const w = width - left - right, h = height - top - bottom;
  const xOf = (e) => left + ((e - 0.7) / Math.max(epochs - 0.4, 0.6)) * w;
  const yOf = (err) => top + (1 - Math.min(err, 1)) * h;
  [[t("plain nets"), false], [t("ResNets"), true]].forEach(([title, residual]) => {
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "race-svg", role: "img",
      "aria-label": t("{title}: training error (dashed) and test error (solid) per epoch",
        { title }) });
    root.append(svg("text", { x: 14, y: top + h / 2, transform: `rotate(-90 14 ${top + h / 2})`,
      "text-anchor": "middle" }, t("error (%)")));
    root.append(svg("text", { x: left + w / 2, y: 18, "text-anchor": "middle", "font-weight": "600" }, title));
    root.append(svg("text", { x: left + w / 2, y: height - 6, "text-anchor": "middle" }, "epoch"));
    for (let pct = 0; pct <= 100; pct += 20) {
      const y = yOf(pct / 100);
      root.append(svg("line", { x1: left, x2: left + w, y1: y, y2: y, class: "race-grid" }));
      root.append(svg("text", { x: left - 6, y: y + 5, "text-anchor": "end" }, String(pct)));
    }
    for (let e = 1; e <= epochs; e += Math.max(1, Math.round(epochs / 10))) {
      root.append(svg("text", { x: xOf(e), y: top + h + 18, "text-anchor": "middle" }, String(e)));
    }
    root.append(svg("rect", { x: left, y: top, width: w, height: h, class: "race-frame" }));
    const names = []; // drawn after every curve, each with a halo: no line crosses a name
    runs.filter((r) => r.residual === residual).forEach((r, i) => {
      const c = colourOf(colours, r.depth);
      for (const [key, dash, lw] of [["train_error", "5,3", 1.8], ["test_error", "none", 2.6]]) {
        const pts = r[key].map((v, e) => [xOf(e + 1), v]).filter(([, v]) => v !== null)
          .map(([x, v]) => [x, yOf(v)]);
        root.append(svg("polyline", { points: pts.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "),
          fill: "none", stroke: c, "stroke-width": lw, "stroke-dasharray": dash, "data-net": r.name, "data-key": key }));
        for (const [x, y] of pts) root.append(svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 3, fill: c }));
      }
      const tag = { diverged: t(" (diverged!)"), stopped: t(" (stopped)") }[r.status] || "";
      names.push(svg("text", { x: left + w - 8, y: top + 20 * (i + 1), "text-anchor": "end",
        fill: c, "font-weight": "600", class: "race-name" }, r.name + tag));
    });
    root.append(...names);
    charts.append(root);
  });
  const key = document.createElement("p");
  key.className = "race-key";
  key.textContent = t("solid: test error · dashed: training error");
  charts.append(key);
  return charts;
}
