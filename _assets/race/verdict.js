// What the page says when a race ends: the same rule as the Python widget. A verdict only when
// it is earned: none if a net stopped or diverged, or if the shallowest plain net has not
// learned (final training error above 50%, near chance on 10 classes); "degradation" only when
// the deepest plain net ends with more than twice the shallowest plain net's training error.

export const NOT_LEARNED = 0.5;
export const DEGRADATION_FACTOR = 2;

const pct = (e) => (e === null || e === undefined ? "–" : `${(100 * e).toFixed(0)}%`);
const last = (r) => (r.train_error.length ? r.train_error[r.train_error.length - 1] : null);

/** {verdict: "degradation" | "no degradation" | null, text} for finished or stopped runs. */
export function summarize(runs, { seconds, epochs }) {
  const parts = runs.map((r) => `${r.name} ${pct(last(r))}`).join(", ");
  const diverged = runs.filter((r) => r.status === "diverged").map((r) => r.name);
  const extra = diverged.length ? ` (${diverged.join(", ")} diverged and dropped out)` : "";
  const time = `${seconds.toFixed(1)} s`;
  if (runs.some((r) => r.status === "stopped")) {
    const done = runs.filter((r) => r.status !== "diverged").map((r) => r.train_error.length);
    return { verdict: null, text: `⏹️ Stopped after ${time}, at epoch ${Math.min(...done)}–${Math.max(...done)} of ${epochs}${extra}: too early to call. Training error so far: ${parts}.` };
  }
  const head = `✅ Done in ${time}${extra}. Final training error: ${parts}.`;
  if (diverged.length) return { verdict: null, text: `${head} No verdict on depth: a net that blew up shows a too-high learning rate, not degradation.` };
  const plain = runs.filter((r) => !r.residual).sort((a, b) => a.depth - b.depth);
  if (plain.length < 2) return { verdict: null, text: head };
  const [shallow, deep] = [plain[0], plain[plain.length - 1]];
  if (last(shallow) > NOT_LEARNED) {
    return { verdict: null, text: `${head} No verdict: ${shallow.name} has not learned yet (${pct(last(shallow))} training error, near chance). Try more epochs or another learning rate.` };
  }
  if (last(deep) > DEGRADATION_FACTOR * last(shallow)) {
    return { verdict: "degradation", text: `${head} 📉 ${deep.name} trains worse than ${shallow.name}, on its own training images: degradation!` };
  }
  return { verdict: "no degradation", text: `${head} No clear degradation this time: ${deep.name} did not end above twice ${shallow.name}'s training error.` };
}

/** The run with the highest final training error among those that finished (the prediction's answer). */
export function worstNet(runs) {
  const done = runs.filter((r) => r.status === "done");
  return done.length ? done.reduce((a, b) => (last(b) > last(a) ? b : a)).name : null;
}
