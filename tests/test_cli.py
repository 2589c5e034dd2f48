"""The command line: help, the architecture table as JSON, and clear errors."""

import json
import subprocess
import sys

from resnet_book.cli import main


def test_help_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "resnet_book", "--help"], capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0
    for command in ("arch", "degradation", "figures"):
        assert command in result.stdout


def test_arch_json_lists_every_model_with_the_oracle_counts(capsys):
    assert main(["arch", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(next(iter(rows.values()))) == {"name", "depth", "params", "macs"}
    assert rows["resnet-18"]["params"] == 11_689_512
    assert rows["resnet-152"]["params"] == 60_192_808
    assert round(rows["cifar-resnet-1202"]["params"] / 1e6, 1) == 19.4
    assert abs(rows["resnet-34"]["macs"] / 3.6e9 - 1) < 0.03


def test_bad_input_is_a_message_not_a_traceback(capsys):
    assert main(["degradation", "--depths", "50", "55", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: depth must be 6n+2") and "Traceback" not in err


def test_the_race_from_the_command_line_does_not_import_torch_dynamo():
    """Start-up the race does not need: torch.optim.SGD imports torch._dynamo (~2 s)."""
    code = (
        "import sys\n"
        "from resnet_book.cli import main\n"
        "args = ['degradation', '--depths', '8', '--width', '4', '--epochs', '1', '--json']\n"
        "assert main(args) == 0\n"
        "print('torch._dynamo' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["runs"][0]["status"] == "done"
    assert done.stderr.strip().splitlines()[-1] == "False"
