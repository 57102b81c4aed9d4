"""A small validator for the OpenAPI 3.0 subset Zoom's specs use (no dependencies).

Supports ``$ref`` (local), ``type``, ``properties``, ``required``, ``items``, ``enum``,
``nullable``, ``format`` (date-time, date, email: loosely), ``maxItems``, ``maxLength``,
``allOf`` (merged: a field is known if any part defines it), ``oneOf``/``anyOf`` (one branch
must pass) and ``additionalProperties``; a ``date-time`` may be local time where the field's
description says Zoom takes it. Fields the schema does not define are errors
unless the schema allows additional properties: that is how the sandbox stays faithful.
"""

from __future__ import annotations

import re
from typing import Any

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")
LOCAL_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Spec:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema:
            ref = schema["$ref"]
            assert ref.startswith("#/"), ref
            node: Any = self.document
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
            seen += 1
            assert seen < 50, f"$ref loop at {ref}"
        return schema

    def merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Flatten allOf into one schema (properties and required united)."""
        schema = self.resolve(schema)
        if "allOf" not in schema:
            return schema
        out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = dict(out.get("properties", {}))
        required: list[str] = list(out.get("required", []))
        for part in schema["allOf"]:
            part = self.merged(part)
            properties.update(part.get("properties", {}))
            required += part.get("required", [])
            for key in ("type", "additionalProperties", "nullable", "items", "oneOf", "anyOf"):
                if key in part and key not in out:
                    out[key] = part[key]
        if properties:
            out["properties"] = properties
        if required:
            out["required"] = required
        return out

    def validate(self, schema: dict[str, Any], value: Any, where: str = "$") -> list[str]:
        errors: list[str] = []
        self._check(schema, value, where, errors)
        return errors

    @staticmethod
    def _comma_list(schema: dict[str, Any], value: Any) -> bool:
        """Some enums (``recurrence.weekly_days``) list single values while the description
        says several may be sent comma-separated ("1,3"): accept that."""
        return (
            isinstance(value, str) and "comma" in (schema.get("description") or "").lower()
            and all(part in schema["enum"] for part in value.split(","))
        )

    @staticmethod
    def _local_time(schema: dict[str, Any], value: str) -> bool:
        """Zoom's ``start_time`` is ``format: date-time`` but its description also takes local time,
        ``yyyy-MM-ddTHH:mm:ss`` with the zone in the ``timezone`` field: accept that where it says so."""
        return bool(LOCAL_DATE_TIME.match(value)) and "local time" in (schema.get("description") or "").lower()

    def _check(self, schema: dict[str, Any], value: Any, where: str, errors: list[str]) -> None:
        schema = self.merged(schema)
        if value is None:
            if not schema.get("nullable"):
                errors.append(f"{where}: null is not allowed")
            return
        for key in ("oneOf", "anyOf"):
            if key in schema:
                branches = [self.validate(branch, value, where) for branch in schema[key]]
                if all(branches):
                    best = min(branches, key=len)
                    errors.append(f"{where}: matches no {key} branch (closest: {'; '.join(best[:3])})")
                rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
                if "properties" not in rest and "type" not in rest:
                    return
                if "properties" not in rest:
                    # the branches define the fields: check only the type here
                    rest = {k: v for k, v in rest.items() if k != "additionalProperties"}
                    rest["additionalProperties"] = True
                schema = rest
        kind = schema.get("type") or ("object" if "properties" in schema else None)
        if "enum" in schema and value not in schema["enum"] and not self._comma_list(schema, value):
            errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
        if kind == "string":
            if not isinstance(value, str):
                errors.append(f"{where}: expected a string, got {type(value).__name__}")
                return
            fmt = schema.get("format")
            if fmt == "date-time" and not DATE_TIME.match(value) and not self._local_time(schema, value):
                errors.append(f"{where}: {value!r} is not a date-time")
            elif fmt == "date" and not DATE.match(value):
                errors.append(f"{where}: {value!r} is not a date")
            elif fmt == "email" and "@" not in value:
                errors.append(f"{where}: {value!r} is not an email")
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                errors.append(f"{where}: longer than {schema['maxLength']}")
        elif kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append(f"{where}: expected an integer, got {type(value).__name__}")
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors.append(f"{where}: expected a number, got {type(value).__name__}")
        elif kind == "boolean":
            if not isinstance(value, bool):
                errors.append(f"{where}: expected a boolean, got {type(value).__name__}")
        elif kind == "array":
            if not isinstance(value, list):
                errors.append(f"{where}: expected an array, got {type(value).__name__}")
                return
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                errors.append(f"{where}: more than {schema['maxItems']} items")
            if "items" in schema:
                for index, item in enumerate(value):
                    self._check(schema["items"], item, f"{where}[{index}]", errors)
        elif kind == "object":
            if not isinstance(value, dict):
                errors.append(f"{where}: expected an object, got {type(value).__name__}")
                return
            properties = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    errors.append(f"{where}: required field {name!r} is missing")
            extra = schema.get("additionalProperties", not properties)
            for name, item in value.items():
                if name in properties:
                    self._check(properties[name], item, f"{where}.{name}", errors)
                elif isinstance(extra, dict):
                    self._check(extra, item, f"{where}.{name}", errors)
                elif not extra:
                    errors.append(f"{where}: field {name!r} is not in the spec")
