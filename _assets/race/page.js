// The race's page logic: settings (state.js) in, workers (worker.js) training, view (view.js)
// drawing. Two workers by default, each training a share of the nets in turns, an epoch each,
// as resnet_book/race.py deals them: by cost, largest first, each worker starting with its
// cheapest net so that the first points come early.
import { check, hashValues, KEYS, toHash } from "./state.js";
import { summarize, worstNet } from "./verdict.js";
import { createView } from "./view.js";
import { t } from "./words.js";

const WORKERS = 2;
// The page's own messages about the engine, in one place, in the page's language (words.js).
export const TEXT = {
  warming: t("⏳ Warming up the engine (a throw-away ResNet-8 trains two steps in each worker)… " +
    "You can press ▶️ Train already: the race starts then."),
  ready: t("✅ The engine is ready. Press ▶️ Train to race the nets in this page. " +
    "Nothing trains before that."),
};
// What a worker may say in English (it has no document), in the page's words; any other error
// (the browser's own) is shown as it comes.
const WORKER_TEXT = { "WebAssembly (with SIMD) is not available":
  t("WebAssembly (with SIMD) is not available") };
const fromWorker = (message) => WORKER_TEXT[message] || message;

function decodeDigits(d) {
  const part = (p) => {
    const bytes = Uint8Array.from(atob(d[p].pixels), (c) => c.charCodeAt(0));
    return { X: Float64Array.from(bytes, (v) => v / d.scale), y: Array.from(d[p].labels, Number) };
  };
  const train = part("train"), test = part("test");
  const size = d.shape.reduce((a, b) => a * b, 1), n = train.y.length;
  const mean = new Float64Array(size); // the training set's per-pixel mean, as data.py subtracts
  train.X.forEach((v, i) => { mean[i % size] += v; });
  mean.forEach((v, i) => { mean[i] = v / n; });
  const centre = (p) => ({ X: Float32Array.from(p.X, (v, i) => v - mean[i % size]), y: p.y,
    shape: d.shape, classes: d.classes });
  return { train: centre(train), test: centre(test) };
}

function decodeWasm(b64) {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
}

/** The nets of a race, named as in Fig. 6: plain-20 ... ResNet-56. */
export function netsOf(s) {
  const kinds = { both: [false, true], plain: [false], residual: [true] }[s.nets];
  return kinds.flatMap((residual) => s.depths.map((depth) => ({
    name: `${residual ? "ResNet" : "plain"}-${depth}`, depth, residual,
    seed: (s.seed * 7919 + depth) >>> 0, // twins start from the same weights
  })));
}

/** Deal nets to workers as race.py's deal does: by cost, largest first, there and back
 * (workers 1, 2, 2, 1, ...: plain and residual twins go to different workers); each worker
 * starts with its cheapest net. */
export function deal(nets, workers) {
  const order = [...nets].sort((a, b) => b.depth - a.depth); // cost ~ depth at a fixed width
  const lap = 2 * workers, worker = (j) => Math.min(j % lap, lap - 1 - (j % lap));
  const shares = Array.from({ length: workers }, (_, i) => order.filter((_, j) => worker(j) === i));
  return shares.map((share) => share.reverse()).filter((share) => share.length);
}

export function mount(root, cfg) {
  const defaults = cfg.defaults;
  const view = createView(root, cfg);
  const write = (k, v) => KEYS[k].write(v);
  const fromLink = check(hashValues(location.hash), defaults, t);
  view.setValues(fromLink.settings, write);
  const digits = decodeDigits(cfg.digits);
  const wasm = decodeWasm(cfg.libs["tfjs-backend-wasm-simd.js"]);
  const libs = { core: cfg.libs["tfjs-core.js"], wasm: cfg.libs["tfjs-backend-wasm.js"] };
  let pool = [], runs = {}, race = null, predicted; // predicted: undefined = not asked yet
  let warm = 0; // workers that have said "ready" (initialised and warmed up)
  const state = (s) => { root.dataset.state = s; };
  let idleText = TEXT.warming; // what the status line says while nothing runs

  function onReady() { // every worker warm: the page says so, unless it is saying something else
    root.dataset.engine = "ready";
    root.readySeconds = (performance.now() - pool.startedAt) / 1000; // start to warm
    if (!race && root.dataset.state === "idle" && view.status() === idleText) {
      view.say(TEXT.ready, "info");
    }
    idleText = TEXT.ready;
  }

  function startPool() {
    warm = 0;
    idleText = TEXT.warming;
    root.dataset.engine = "warming";
    pool = Array.from({ length: WORKERS }, () => {
      const w = new Worker(cfg.workerURL) // a classic worker: file:// runs no module worker;
      w.onmessage = ({ data }) => {
        if (data.type === "ready" && ++warm === WORKERS) onReady();
        if (data.type === "error" && !race) {
          view.say(t("💥 The engine did not start: {message}", { message: fromWorker(data.message) }),
            "error");
        }
        else onMessage(data);
      };
      w.onerror = (e) => {
        view.say(t("💥 The engine stopped: {message}",
          { message: e.message || t("a worker failed to start") }), "error");
        if (race) stop("stopped");
      };
      w.postMessage({ type: "init", libs, wasm: wasm.slice(0), digits, width: defaults.width,
        warmUp: cfg.warmUp !== false });
      return w;
    });
    pool.startedAt = performance.now();
  }

  function finish(status) {
    const elapsed = (performance.now() - race.start) / 1000;
    const list = race.nets.map((n) => runs[n.name] || { ...n, train_error: [], test_error: [], status });
    for (const r of list) if (r.status === "running") r.status = status;
    const { verdict, text } = summarize(list, { seconds: elapsed, epochs: race.settings.epochs,
      lr: race.settings.lr, defaultLr: defaults.lr, t });
    view.say(text, "info");
    root.raceResults = {
      runs: list.map(({ name, depth, residual, params, train_error, test_error, train_loss,
        epoch_seconds: es = [], status: st, message }) => ({ name, depth, residual, params,
        train_error, test_error, train_loss, seconds: es.reduce((a, b) => a + b, 0),
        status: st, message })), // seconds: its worker's time on this net's epochs
      seconds: elapsed, first_epoch_seconds: race.firstEpoch, backend: race.backend,
      settings: race.settings, verdict,
    };
    if (predicted !== undefined && predicted !== null && status === "done") {
      const worst = worstNet(list);
      view.showOutcome(worst === null ? "" : worst === predicted
        ? t("🎯 You predicted {net}, and it did end with the highest training error: your " +
          "prediction held.", { net: predicted })
        : t("🤔 You predicted {net}; the highest training error was {worst}'s: your prediction " +
          "did not hold. Why might that be?", { net: predicted, worst }));
      predicted = null; // one prediction, judged once; later races just run
    }
    view.setRunning(false);
    race = null;
    state(status);
  }

  function onMessage(msg) {
    if (!race) return;
    if (msg.type === "ready") race.backend = msg.backend;
    if (msg.type === "error") {
      view.say(`💥 ${fromWorker(msg.message)}`, "error");
      stop("stopped");
      return;
    }
    if (msg.type === "epoch") {
      const h = msg.history;
      const net = race.nets.find((n) => n.name === msg.name);
      runs[msg.name] = { ...net, params: msg.params, ...h };
      if (race.firstEpoch === null && race.nets.every((n) => runs[n.name])) {
        race.firstEpoch = (performance.now() - race.start) / 1000;
      }
      view.draw(race.nets.map((n) => runs[n.name]).filter(Boolean), race.settings.epochs);
      const e = h.train_error.length;
      // train.js's message for a diverged net, "diverged: the loss became ...", said here in
      // the page's words from the same numbers
      view.say(h.status === "diverged"
        ? t("💥 {name} diverged: the loss became {loss} in epoch {epoch}; try a smaller " +
          "learning rate than {lr}; it drops out, the others go on.",
          { name: msg.name, loss: h.train_loss[e - 1], epoch: e, lr: race.settings.lr })
        : t("⏳ {name}: epoch {epoch}, training error {error}%",
          { name: msg.name, epoch: e, error: (100 * h.train_error[e - 1]).toFixed(1) }),
      h.status === "diverged" ? "error" : "info");
    }
    if (msg.type === "done" && ++race.finished === race.workers) finish("done");
  }

  function begin(settings) {
    runs = {};
    view.showOutcome("");
    const nets = netsOf(settings);
    const shares = deal(nets, WORKERS);
    race = { settings, nets, start: performance.now(), firstEpoch: null, backend: "wasm",
      finished: 0, workers: shares.length };
    view.setRunning(true);
    state("running");
    view.draw([], settings.epochs);
    view.say(t("⏳ Training… the first points appear after one epoch of every net."));
    const config = { epochs: settings.epochs, lr: settings.lr, width: settings.width, n: settings.n,
      seed: settings.seed, batchSize: 128 };
    shares.forEach((share, i) => {
      pool[i].postMessage({ type: "race", nets: share, config });
    });
  }

  function train() {
    if (race) return;
    const { settings, errors } = check(view.readRaw(), defaults, t);
    if (errors.length) { view.say(`⚠️ ${errors.join("; ")}`, "error"); return; }
    history.replaceState(null, "", toHash(settings, defaults) || location.pathname + location.search);
    if (cfg.predict && predicted === undefined) {
      state("predicting");
      view.say(t("🔮 Make your prediction (or skip it), and the race starts."));
      view.askPrediction(netsOf(settings).map((n) => n.name), (name) => { predicted = name; begin(settings); });
      return;
    }
    begin(settings);
  }

  function stop(status = "stopped") {
    if (!race) return;
    pool.forEach((w) => w.terminate()); // immediate, even in the middle of a step
    finish(status);
    startPool();
  }

  view.on({ train, stop: () => stop("stopped") });
  startPool();
  view.draw([], fromLink.settings.epochs);
  state("idle");
  view.say(fromLink.errors.length
    ? t("⚠️ The link's settings: {errors}", { errors: fromLink.errors.join("; ") })
    : idleText, fromLink.errors.length ? "error" : "info");
}
