"""The operations table agrees with Zoom's specs (labels, page-size maxima), area by area."""

from __future__ import annotations

import re

import pytest

from apps.zoom import endpoints
from apps.zoom.endpoints import Area, Operation, areas, build_table
from apps.zoom.operations import OPERATIONS, operation

from .specs import area_specs, spec_operations

LABEL = re.compile(r"Rate Limit Label[^`]*`([^`]+)`")


def test_every_operation_is_in_the_spec_its_area_names_with_that_specs_label_and_page_size():
    specs = {name: spec_operations(doc) for name, doc in area_specs().items()}
    anywhere = {key for ops in specs.values() for key in ops}
    problems = []
    for area in areas():
        for op in area.operations:
            if area.spec is None:
                if op.key in anywhere:
                    problems.append(f"{area.name}: {op.key} is in the vendored specs now: "
                                    "name the spec, take its label")
                continue
            found = specs[area.spec].get(op.key)
            if found is None:
                problems.append(f"{area.name}: {op.key} is not in {area.spec}")
                continue
            match = LABEL.search(found.get("description", ""))
            if match and match.group(1).lower() != op.label.lower():
                problems.append(f"{area.name}: {op.key}: spec says {match.group(1)}, table says {op.label}")
            maxima = [p.get("schema", {}).get("maximum") for p in found.get("parameters", [])
                      if isinstance(p, dict) and p.get("name") == "page_size"]
            if maxima and maxima[0] and op.page_size_max != maxima[0]:
                problems.append(f"{area.name}: {op.key}: spec page_size max {maxima[0]}, table {op.page_size_max}")
    assert problems == []


def test_only_reads_and_state_setting_writes_are_marked_safe_to_repeat():
    for (method, path), op in OPERATIONS.items():
        if method == "POST":
            assert not op.idempotent, path
        if method == "GET":
            assert op.idempotent, path


def test_the_table_is_every_areas_operations_and_each_knows_its_area_and_spec():
    assert {a.name for a in areas()} >= {"users", "roles", "events", "registrants", "reports", "metrics"}
    assert len(OPERATIONS) == sum(len(a.operations) for a in areas())
    for area in areas():
        for op in area.operations:
            assert OPERATIONS[op.key] is op
            assert (op.area, op.spec, op.in_spec) == (area.name, area.spec, area.spec is not None)
    assert operation("get", "/users/{userId}").area == "users"
    assert endpoints.spec_files() == sorted({a.spec for a in areas() if a.spec})


def test_an_unknown_operation_names_the_place_to_declare_it():
    with pytest.raises(KeyError, match=r"apps/zoom/endpoints/<area>\.py"):
        operation("GET", "/phone/users")


def test_two_areas_declaring_one_operation_are_refused():
    one = Area("one", spec="users.openapi.json", operations=(Operation("GET", "/users", "Medium", 2000, True),))
    two = Area("two", spec="users.openapi.json", operations=(Operation("get", "/users", "Medium", 2000, True),))
    with pytest.raises(ValueError, match="declared by areas 'one' and 'two'"):
        build_table([one, two])


def test_an_area_without_a_vendored_spec_must_say_where_its_operations_are_documented():
    with pytest.raises(ValueError, match="no vendored spec"):
        Area("phone", spec=None, operations=())


def test_an_area_naming_a_spec_file_the_folder_lacks_fails_and_says_which(tmp_path, monkeypatch):
    (tmp_path / "users.openapi.json").write_text('{"paths": {}}')
    monkeypatch.setenv("ZOOM_API_SPEC_DIR", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match=r"area 'events' \(apps\.zoom\.endpoints\.events\) names "
                                                    r"'meetings\.openapi\.json'"):
        area_specs()


def test_without_the_spec_folder_the_check_skips_except_in_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("ZOOM_API_SPEC_DIR", str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        area_specs()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="specs are missing"):
        area_specs()
