"""gettext catalogs: writing, merging with translators' edits, checking, compiling,
and the translation memory built from them."""
