// When has a race earned a verdict? The rule of resnet_book/verdict.py, step for step, in the
// same order (tests/test_verdict.py feeds both the same races and compares the kinds):
//   1. a net stopped: too early to call;  2. a net diverged: a blow-up says nothing about depth;
//   3. the shallowest plain net has not learned (above 50% training error; chance is 90%);
//   4. fewer than two plain depths: nothing to compare;
//   5. "degradation" only when the deepest plain net ends above 2x the shallowest plain net's
//      training error and at least 2 points above it; else "no degradation".
// Only 4. and 5. are verdicts; the others say what happened and what to try.
// Every text is a template for t(text, values) (words.js): without a t, the English as written;
// the page passes its own t, which gives the Chinese on a Chinese page.
import { english } from "./words.js";

export const NOT_LEARNED = 0.5;
export const DEGRADATION_RATIO = 2;
export const MIN_GAP = 0.02;

const pct = (e) => (e === null || e === undefined ? "–" : `${(100 * e).toFixed(0)}%`);
const pct1 = (e) => `${(100 * e).toFixed(1)}%`;
const last = (r) => (r.train_error.length ? r.train_error[r.train_error.length - 1] : null);
function names(runs, t) { // "plain-8, plain-14 and plain-20"
  const all = runs.map((r) => r.name);
  if (all.length < 2) return all.join("");
  return t("{list} and {last}", { list: all.slice(0, -1).join(", "), last: all[all.length - 1] });
}

/** {kind, earned, text, tip}, with the kinds of verdict.py's Verdict; defaultLr makes the tips
 * concrete (a learning rate far above it is the likely culprit, as in verdict.py). */
export function raceVerdict(runs, lr = null, defaultLr = null, t = english) {
  if (!runs.length) {
    return { kind: "one depth", earned: false, text: t("No nets raced."),
      tip: t("Type a depth, such as 20, 56.") };
  }
  if (runs.some((r) => r.status === "stopped")) {
    return { kind: "stopped", earned: false, text: t("Stopped before the end: too early to call."),
      tip: t("Press ▶️ Train again and let the race finish.") };
  }
  const smaller = lr ? t("a learning rate well below {lr}", { lr }) : t("a smaller learning rate");
  const example = defaultLr ? t(", such as {lr} (the default)", { lr: defaultLr }) : "";
  const diverged = runs.filter((r) => r.status === "diverged");
  if (diverged.length) {
    const who = diverged.length === runs.length ? t("Every net") : names(diverged, t);
    return { kind: "diverged", earned: false,
      text: t("{who} diverged (the loss blew up to inf or nan): no verdict, since a blow-up says " +
        "nothing about depth.", { who }),
      tip: t("Try {what}{example}.", { what: smaller, example }) };
  }
  const plain = runs.filter((r) => !r.residual).sort((a, b) => a.depth - b.depth);
  const base = plain.length ? plain[0] : runs.reduce((a, b) => (b.depth < a.depth ? b : a));
  const baseError = last(base);
  if (baseError === null || baseError > NOT_LEARNED) {
    const shown = baseError === null ? t("no finished epoch")
      : t("{error} training error", { error: pct(baseError) });
    return { kind: "not learned", earned: false,
      text: t("{name} has not learned ({shown}; guessing on 10 classes gives 90%), so there is " +
        "nothing to compare: no verdict.", { name: base.name, shown }),
      tip: lr && defaultLr && lr > 10 * defaultLr
        ? t("Try {what}{example}.", { what: smaller, example })
        : t("Train for more epochs or on more images (the defaults learn in 10 epochs on 512 " +
          "images).") };
  }
  if (new Set(plain.map((r) => r.depth)).size < 2) {
    return { kind: "one depth", earned: false,
      text: plain.length
        ? t("Degradation compares two plain depths; this race has only {name}.", { name: base.name })
        : t("Degradation compares two plain depths; this race has none."),
      tip: t("Race two plain depths, such as 20, 56.") };
  }
  const deep = plain[plain.length - 1], deepError = last(deep);
  const values = { deep: deep.name, deepError: pct1(deepError), base: base.name,
    baseError: pct1(baseError), ratio: baseError ? (deepError / baseError).toFixed(1) : "" };
  const compare = baseError
    ? t("{deep} ends at {deepError} training error, {base} at {baseError} ({ratio}×)", values)
    : t("{deep} ends at {deepError} training error, {base} at {baseError}", values);
  if (deepError > DEGRADATION_RATIO * baseError && deepError - baseError >= MIN_GAP) {
    const twin = runs.find((r) => r.residual && r.depth === deep.depth && last(r) !== null && last(r) < deepError / 2);
    const fixed = twin ? " " + t("{name} ends at {error}: with shortcuts, the same depth trains.",
      { name: twin.name, error: pct1(last(twin)) }) : "";
    return { kind: "degradation", earned: true,
      text: t("📉 {compare}: degradation! Deeper is worse on the training set itself, so it is not " +
        "overfitting.", { compare }) + fixed,
      tip: "" };
  }
  return { kind: "no degradation", earned: true,
    text: t("{compare}: no clear degradation (the bar is more than {ratio}× and at least {gap} " +
      "points higher).", { compare, ratio: DEGRADATION_RATIO, gap: 100 * MIN_GAP }),
    tip: t("A wider gap in depth (such as 20, 110) or another seed may show it.") };
}

/** The status line when a race ends: {verdict: the kind when earned, else null; kind; text}. */
export function summarize(runs, { seconds, epochs, lr = null, defaultLr = null, t = english }) {
  const v = raceVerdict(runs, lr, defaultLr, t);
  const time = `${seconds.toFixed(1)} s`;
  const parts = runs.map((r) => `${r.name} ${pct(last(r))}`).join(", ");
  let head;
  if (v.kind === "stopped") {
    const done = runs.filter((r) => r.status !== "diverged").map((r) => r.train_error.length);
    head = t("⏹️ Stopped after {time}, at epoch {from}–{to} of {epochs}. Training error so far: " +
      "{parts}.", { time, from: Math.min(...done), to: Math.max(...done), epochs, parts });
  } else if (v.earned) {
    head = t("✅ Done in {time}. Final training error: {parts}.", { time, parts });
  } else {
    head = t("⚠️ Race over in {time}. Final training error: {parts}.", { time, parts });
  }
  const text = v.kind === "stopped" ? `${head} ${t("Too early to call.")}` : `${head} ${v.text}`;
  return { verdict: v.earned ? v.kind : null, kind: v.kind, text: v.tip ? `${text} ${v.tip}` : text };
}

/** The run with the highest final training error among those that finished (the prediction's answer). */
export function worstNet(runs) {
  const done = runs.filter((r) => r.status === "done");
  return done.length ? done.reduce((a, b) => (last(b) > last(a) ? b : a)).name : null;
}
