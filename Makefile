# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON := $(shell bin/find-python)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test lint migrate check-deploy

# Settings default to production (DEBUG off, no sandbox); local use turns DEBUG on.
run test migrate: export DEBUG ?= true

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py migrate --database sandbox --noinput

run: migrate
	bin/dev

lint: setup
	$(PY) -m ruff check .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

check-deploy: setup
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	TOKEN_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	ALLOWED_HOSTS=zoomadmin.example.com ZOOM_CLIENT_ID=x ZOOM_CLIENT_SECRET=y \
	$(PY) manage.py check --deploy --fail-level WARNING
