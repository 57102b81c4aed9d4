"""A sandbox area that exists only for tests: what adding an area takes (this folder and one
INSTALLED_APPS line, in ``settings.py`` here), with no change to the sandbox's core."""
