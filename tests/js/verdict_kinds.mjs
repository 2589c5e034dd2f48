// Reads a JSON list of races (lists of runs) on stdin; prints the list of verdict.js's kinds.
import { raceVerdict } from "../../_assets/race/verdict.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;
console.log(JSON.stringify(JSON.parse(text).map((runs) => raceVerdict(runs).kind)));
