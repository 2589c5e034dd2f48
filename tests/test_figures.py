"""Figures: a chapter draws into a scratch folder; only `make figures` writes figures/."""

from resnet_book import figures


def test_only_the_command_line_writes_into_the_repository(tmp_path, monkeypatch):
    repo, scratch = tmp_path / "figures", tmp_path / "scratch"
    monkeypatch.setattr(figures, "FIGURE_DIR", repo)
    monkeypatch.setattr(figures, "SCRATCH_DIR", scratch)
    [path] = figures.make_figures(["fig07_mindmap"])  # what a chapter does
    assert path == scratch / "fig07_mindmap.png" and not repo.exists()
    [path] = figures.make_figures(["fig07_mindmap"], into_repo=True)  # `make figures`
    assert path == repo / "fig07_mindmap.png"
    assert figures.FIGURES["fig07_mindmap"](False).parent == scratch  # the switch is reset
