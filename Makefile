# The README's two set-up commands: `make translate` (the desk's main job)
# and `make test` (the whole test suite). Both install what they need first.
PYTHON ?= python3
PIP = $(PYTHON) -m pip
APERTIUM_PKGS = apertium apertium-eng-spa apertium-es-pt

.PHONY: install install-test system-deps libretranslate translate test typecheck

# Apertium (en->es, es->pt) and GNU gettext come from Debian. Skipped when
# already there; needs root (CI runs as root).
system-deps:
	@if ! (command -v apertium >/dev/null && apertium -l | grep -q eng-spa && apertium -l | grep -q es-pt \
	       && command -v msgfmt >/dev/null); then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APERTIUM_PKGS) gettext >/dev/null; \
	fi

# No torch: argos packages are managed with argos-translate-lt (argostranslate
# without stanza), so nothing pulls CUDA wheels (see README, "Dependencies").
install: system-deps
	$(PIP) install --quiet -e '.[bergamot]'

install-test: system-deps libretranslate
	$(PIP) install --quiet -e '.[bergamot,test]'

# The tests start real LibreTranslate servers. LibreTranslate pins its own
# argostranslate fork, polib 1.1 and numpy < 2, so it gets a virtualenv of
# its own (it does not need torch).
LT_VENV = .venv-libretranslate
libretranslate: $(LT_VENV)/bin/libretranslate
$(LT_VENV)/bin/libretranslate:
	$(PYTHON) -m venv $(LT_VENV)
	$(LT_VENV)/bin/pip install --quiet libretranslate==1.9.6

# Every target language that has an engine here is translated; one that has
# none (en->zh needs an argos package) is reported with the command that
# installs it. Then the translated articles are published as drafts
# (unreviewed machine translation) under published/<lang>/, for the
# languages that got catalogs; the others are reported, not an error.
translate: install
	glossator translate seeds/*.txt --to zh,es,pt --out locales --skip-missing
	glossator publish seeds/*.txt --to zh,es,pt --catalogs locales --out published --draft --skip-missing

# -P keeps the repository root off sys.path, so `import translate` means
# Translate Toolkit there as it does for users. pytest exits 5 when it
# collects no test: that is a broken suite, not a pass.
test: install-test
	@$(PYTHON) -P -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose" >&2; exit 1; fi; exit $$rc

# mypy over every module of the installed package. The package-dir mapping
# (glossary/ -> glossator.glossary...) is resolved by a strict editable
# install, a tree of links that mirrors the installed layout; mypy runs from
# an empty folder so that the checkout's own top-level folders do not shadow
# it. The strict install exposes new modules only once reinstalled: this
# target reinstalls every time. Settings in pyproject.toml ([tool.mypy]).
typecheck: install
	$(PIP) install --quiet 'mypy>=1.10' types-polib types-requests
	$(PIP) install --quiet --no-deps -e . --config-settings editable_mode=strict
	cd "$$(mktemp -d)" && $(PYTHON) -P -m mypy --config-file "$(CURDIR)/pyproject.toml" -p glossator
