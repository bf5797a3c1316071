# The README's two set-up commands: `make translate` (the desk's main job)
# and `make test` (the whole test suite). Both install what they need first.
PYTHON ?= python3
PIP = $(PYTHON) -m pip

.PHONY: install install-test translate test

# torch==2.13.0 first: argostranslate needs torch (through stanza), and
# asking for that exact version takes the CPU wheel shipped with this
# machine image instead of letting pip fetch several GB of CUDA packages.
install:
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e .

install-test:
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[test]'

translate: install
	glossator translate seeds/*.txt --to zh,es,pt --out locales

# -P keeps the repository root off sys.path, so `import translate` means
# Translate Toolkit there as it does for users. pytest exits 5 when it
# collects no test: that is a broken suite, not a pass.
test: install-test
	@$(PYTHON) -P -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose" >&2; exit 1; fi; exit $$rc
