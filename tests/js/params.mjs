// Print every parameter's name and PyTorch shape of the race's nets, for tests/test_browser_race.py
// to compare with resnet_book.models: node params.mjs 20 32 ... (needs no npm package).
import { cifarNet, countParams, parameterList } from "../../_assets/race/nn.js";

const out = {};
for (const depth of process.argv.slice(2).map(Number)) {
  for (const residual of [false, true]) {
    const arch = cifarNet({ depth, residual, width: 8, inChannels: 1, classes: 10 });
    out[arch.name] = { params: countParams(arch), shapes: parameterList(arch).map((p) => [p.name, p.torchShape]) };
  }
}
console.log(JSON.stringify(out));
