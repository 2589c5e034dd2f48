// The race's settings (state.js) and verdicts (verdict.js): pure functions, no tf needed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, hashValues, toHash } from "../../_assets/race/state.js";
import { summarize, worstNet } from "../../_assets/race/verdict.js";
import { english } from "../../_assets/race/words.js";

const defaults = { depths: [20, 56], nets: "both", width: 8, epochs: 10, lr: 0.07, n: 512, seed: 0 };

test("a link's settings round-trip, and only changed keys are written", () => {
  const { settings, errors } = check(hashValues("#seed=100&lr=0.1&depths=20,32,56"), defaults);
  assert.deepEqual(errors, []);
  assert.deepEqual(settings, { ...defaults, seed: 100, lr: 0.1, depths: [20, 32, 56] });
  assert.equal(toHash(settings, defaults), "#depths=20,32,56&lr=0.1&seed=100");
  assert.equal(toHash(defaults, defaults), "");
  assert.deepEqual(hashValues("#the-race"), {}); // a plain anchor is not settings
});

test("bad values and unknown keys get messages that say what to do", () => {
  const cases = {
    depths: ["21", "6n+2"], epochs: ["0", "from 1 to 100"], lr: ["-1", "positive number"],
    width: ["0", "from 1 to 32"], seed: ["1.5", "whole number"], n: ["1", "BN needs 2"],
    nets: ["all", "one of both, plain, residual"],
  };
  for (const [key, [value, words]] of Object.entries(cases)) {
    const { settings, errors } = check({ [key]: value }, defaults);
    assert.equal(errors.length, 1, key);
    assert.ok(errors[0].includes(words), `${key}: ${errors[0]}`);
    assert.deepEqual(settings[key], defaults[key]); // the bad value is not taken
  }
  assert.match(check({ colour: "red" }, defaults).errors[0], /unknown setting "colour"/);
  assert.match(check({ depths: "1202" }, defaults).errors[0], /go up to 110/);
  assert.deepEqual(check({ lr: "1e6", seed: "7", depths: "56 20 20" }, defaults).errors, []);
});

const run = (name, depth, residual, final, status = "done") =>
  ({ name, depth, residual, status, train_error: [0.9, final], test_error: [0.9, final] });

test("a verdict only when earned", () => {
  const race = (p20, p56, r56 = 0.01, status = "done") =>
    [run("plain-20", 20, false, p20), run("plain-56", 56, false, p56, status), run("ResNet-56", 56, true, r56)];
  const opts = { seconds: 10, epochs: 2 };
  assert.equal(summarize(race(0.1, 0.5), opts).verdict, "degradation");
  assert.equal(summarize(race(0.3, 0.5), opts).verdict, "no degradation"); // not above 2x
  assert.equal(summarize(race(0.6, 0.9), opts).verdict, null); // plain-20 has not learned
  assert.match(summarize(race(0.6, 0.9), opts).text, /has not learned/);
  assert.equal(summarize(race(0.1, 0.5, 0.01, "stopped"), opts).verdict, null);
  assert.equal(summarize(race(0.1, 0.5, 0.01, "diverged"), opts).verdict, null);
  assert.equal(worstNet(race(0.1, 0.5)), "plain-56");
});

test("without a t, the messages are the English, word for word (a t translates them: words.js)", () => {
  const opts = { seconds: 10, epochs: 2 };
  const race = [run("plain-20", 20, false, 0.1), run("plain-56", 56, false, 0.5),
    run("ResNet-56", 56, true, 0.01)];
  assert.equal(summarize(race, opts).text, "✅ Done in 10.0 s. Final training error: plain-20 10%, " +
    "plain-56 50%, ResNet-56 1%. 📉 plain-56 ends at 50.0% training error, plain-20 at 10.0% " +
    "(5.0×): degradation! Deeper is worse on the training set itself, so it is not overfitting. " +
    "ResNet-56 ends at 1.0%: with shortcuts, the same depth trains.");
  race[1].status = "diverged";
  assert.equal(summarize(race, { ...opts, lr: 1e6, defaultLr: 0.07 }).text, "⚠️ Race over in " +
    "10.0 s. Final training error: plain-20 10%, plain-56 50%, ResNet-56 1%. plain-56 diverged " +
    "(the loss blew up to inf or nan): no verdict, since a blow-up says nothing about depth. Try " +
    "a learning rate well below 1000000, such as 0.07 (the default).");
  assert.deepEqual(check({ seed: "1.5", n: "1", colour: "red" }, defaults).errors, [
    'seed must be a whole number from 0 to 4294967295, such as 0 or 7; got "1.5"',
    'training images must be a whole number from 2 to 1347 (BN needs 2; the digits have 1,347); ' +
      'got "1"',
    'unknown setting "colour": the settings are depths, nets, width, epochs, lr, n, seed',
  ]);
  const marked = (text, values) => `» ${english(text, values)}`; // the page's t is used
  assert.equal(check({ epochs: "0" }, defaults, marked).errors[0],
    '» epochs must be a whole number from 1 to 100; got "0"');
});
