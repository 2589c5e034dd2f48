# Two commands for a newcomer (README): `make book` and `make test`.
# Everything installs into .venv from requirements.txt the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html/index.html
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install book lab notebook test lint unit notebooks book-test browser figures bench strip clean \
	translations

install: $(STAMP)
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# A build sees only edits to notebooks: when the package, a quiz, the in-page race (chapter
# cells embed its modules) or the package's Chinese (embedded in cells' outputs, resnet_book.i18n)
# changed since the last build, start afresh (dropping the execution cache alone would leave
# Sphinx's old pages in place).
fresh_build = if [ -d $(1)/.jupyter_cache ] && \
	[ -n "$$(find resnet_book quizzes _assets/race locales/zh_CN/LC_MESSAGES/resnet_book.po \
	  -type f -newer $(1)/.jupyter_cache | head -1)" ]; \
	then rm -rf $(1)/html $(1)/.doctrees $(1)/jupyter_execute $(1)/.jupyter_cache $(1)/zh; fi

# Both editions: English in _build/html, 中文 in _build/html/zh (the same sources, translated by
# Sphinx from locales/; it reuses the English build's execution cache, so nothing runs twice).
book: $(STAMP)  ## build the HTML book, English and 中文 (chapters run; results cached), and open it
	@$(call fresh_build,_build)
	$(BIN)/jupyter-book build .
	$(BIN)/python tools/edition.py build
	@echo "The book is at file://$(CURDIR)/$(HTML)"
	-@$(BIN)/python -m webbrowser -t "file://$(CURDIR)/$(HTML)" >/dev/null 2>&1

# The server's root is the repository (chapters show ../figures/*.png); the browser opens chapters/.
lab: $(STAMP)  ## open the chapters in JupyterLab
	$(BIN)/jupyter lab --ServerApp.root_dir=. --FileContentsManager.preferred_dir=chapters

notebook: $(STAMP)  ## open the chapters in Jupyter Notebook 7 (the classic one-notebook-a-tab look)
	$(BIN)/jupyter notebook --ServerApp.root_dir=. --JupyterNotebookApp.default_url=/tree/chapters

# TensorFlow.js for the Node tests of the in-page race (tests only: the book needs no Node).
# Without npm the tests that need it say so (and fail in CI, where .ci/run installs Node).
JS_DEPS := tests/js/node_modules/.package-lock.json
$(JS_DEPS): tests/js/package-lock.json
	-cd tests/js && npm ci --no-audit --no-fund --loglevel=error

# The whole test suite, as CI runs it: lint, unit tests, every notebook under nbval, the book
# built with warnings as errors, and the quizzes in a real browser. Chapters run in quick mode.
test: $(STAMP) $(JS_DEPS)
	@mkdir -p _build; rm -f _build/stages.log; \
	export RESNET_BOOK_QUICK=1 STAGE_LOG=$(CURDIR)/_build/stages.log; rc=0; \
	tools/stage lint $(MAKE) --no-print-directory lint || rc=1; \
	tools/stage unit $(BIN)/pytest -q -m "not browser" tests || rc=1; \
	tools/stage notebooks $(BIN)/pytest -q --nbval-lax --nbval-current-env chapters || rc=1; \
	tools/stage book $(MAKE) --no-print-directory book-test || rc=1; \
	RESNET_BOOK_HTML=_build/test/_build/html \
	  tools/stage browser $(BIN)/pytest -q -m browser tests || rc=1; \
	echo; echo "Stage times:"; cat _build/stages.log; exit $$rc

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP) $(JS_DEPS)
	RESNET_BOOK_QUICK=1 $(BIN)/pytest -q -m "not browser" tests

notebooks: $(STAMP)
	RESNET_BOOK_QUICK=1 $(BIN)/pytest -q --nbval-lax --nbval-current-env chapters

# The test build goes to _build/test, so its quick-mode outputs never land in the reader's cache.
book-test: $(STAMP)
	@$(call fresh_build,_build/test/_build)
	RESNET_BOOK_QUICK=1 $(BIN)/jupyter-book build . --path-output _build/test -W --keep-going
	RESNET_BOOK_QUICK=1 $(BIN)/python tools/edition.py build --path-output _build/test -W

browser: $(STAMP)
	RESNET_BOOK_HTML=_build/test/_build/html $(BIN)/pytest -q -m browser tests

figures: $(STAMP)  ## regenerate every figure (add ARGS=--recompute to rerun heavy experiments)
	$(BIN)/python -m resnet_book figures $(ARGS)

bench: $(STAMP)  ## time the default plain-vs-residual race
	$(BIN)/python bench/degradation.py

# After an edit to the English text: new messages into locales/ (changed ones marked fuzzy), then
# translate what is new or fuzzy (README, "Translations").
translations: $(STAMP)  ## update the Chinese edition's catalogs from the English text
	$(BIN)/python tools/edition.py update

strip:  ## keep outputs out of git, except cells nbval checks
	$(BIN)/python tools/strip_notebooks.py

clean:
	rm -rf _build
