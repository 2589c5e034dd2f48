// The race's settings (state.js) and verdicts (verdict.js): pure functions, no tf needed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, hashValues, toHash } from "../../_assets/race/state.js";
import { summarize, worstNet } from "../../_assets/race/verdict.js";

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
