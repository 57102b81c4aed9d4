"""The sandbox's areas: one Django app per Zoom area, each in its own folder here.

An area is found through its AppConfig (a subclass of ``apps.sandbox.registry.SandboxArea``)
once its line is in INSTALLED_APPS; nothing in the core lists them. An area folder holds:

- ``apps.py``: the config (label ``sandbox_<area>``) and the demo hooks it needs
  (``seed``, ``seed_account``, ``summary_account``, ``reset_runtime_state``, ``demo_sizes``);
- ``models.py`` and ``migrations/``: its tables, on the sandbox database (router); foreign
  keys go to the core (accounts, users) or to areas listed in ``requires``, never back;
- ``urls.py``: ``urlpatterns`` with Zoom's paths (``v2/...``), served by the sandbox as they are;
- its views, using the core's ``rest.zoom_api`` / ``rest.paginate`` / ``services``.

users: /users, groups, roles. events: meetings, webinars, occurrences, panelists,
registrants. reports: /report and /metrics (no tables; requires events).
"""
