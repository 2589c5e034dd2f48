// Reads {words, lr, defaultLr} (words: English -> 中文) on stdin; prints the race's verdicts and
// settings messages, through a t that uses those words (as the page's words.js does), as JSON.
import { english } from "../../_assets/race/words.js";
import { check } from "../../_assets/race/state.js";
import { summarize } from "../../_assets/race/verdict.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { words } = JSON.parse(input);
const t = (text, values) => english(words[text] || text, values);

const run = (name, depth, residual, final, status = "done") => ({ name, depth, residual, status,
  train_error: final === null ? [] : [0.9, final], test_error: [0.9, final] });
const race = (p20, p56, r56 = 0.01, status = "done") => [run("plain-20", 20, false, p20),
  run("plain-56", 56, false, p56, status), run("ResNet-56", 56, true, r56)];
const races = [
  [], race(0.1, 0.5), race(0.3, 0.5), race(0.6, 0.9), race(null, 0.9), race(0, 0.5),
  race(0.1, 0.5, 0.01, "stopped"), race(0.1, 0.5, 0.01, "diverged"),
  [run("plain-20", 20, false, 0.1, "diverged"), run("plain-56", 56, false, 0.1, "diverged")],
  [run("plain-8", 8, false, 0.1, "diverged"), run("plain-14", 14, false, 0.1, "diverged"),
    run("ResNet-8", 8, true, 0.1)],
  [run("plain-20", 20, false, 0.1), run("ResNet-56", 56, true, 0.05)],
  [run("ResNet-20", 20, true, 0.05), run("ResNet-56", 56, true, 0.02)],
];
const texts = [];
for (const runs of races) {
  for (const [lr, defaultLr] of [[null, null], [0.07, 0.07], [1e6, 0.07]]) {
    texts.push(summarize(runs, { seconds: 3.2, epochs: 10, lr, defaultLr, t }).text);
  }
}
const defaults = { depths: [20, 56], nets: "both", width: 8, epochs: 10, lr: 0.07, n: 512, seed: 0 };
const bad = { depths: ["", "21", "1202"], nets: ["all"], width: ["0"], epochs: ["0"], lr: ["-1"],
  n: ["1"], seed: ["1.5"], colour: ["red"] };
for (const [key, values] of Object.entries(bad)) {
  for (const value of values) texts.push(...check({ [key]: value }, defaults, t).errors);
}
console.log(JSON.stringify(texts));
