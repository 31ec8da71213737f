"""Layer 1, core: what every other layer may use and which itself reads no checked data file.

- ``paths``: where the repository's files live (the one declaration of every path);
- ``i18n``: the interface language, gettext and number formats;
- ``countries``: ISO 3166-1 codes and country names in the language in use;
- ``labels``: labels of coded values from the data's vocabulary files.
"""

__all__ = ["countries", "i18n", "labels", "paths"]
